// Channel-wise dropout: every unit (one channel of one sample, `inner` contiguous elements) is
// scaled by its mask entry, 0 or 1/(1-p). The mask is drawn on the host from the jgrad Generator.

extern "C" __global__ void scale_units(
    const float* x, const float* scale, float* y, int n, int inner) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += (long long)blockDim.x * gridDim.x) {
    y[i] = x[i] * scale[i / inner];
  }
}
