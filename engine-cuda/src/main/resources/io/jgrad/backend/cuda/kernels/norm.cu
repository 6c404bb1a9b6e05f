// Batch-norm backward in evaluation mode (the running statistics are constants), which cuDNN
// does not provide. Layout [N, C, S] with S = H*W; weight may be NULL (not affine).

#define BLOCK 256

// dx = g * w[c] / sqrt(runningVar[c] + eps)
extern "C" __global__ void bn_infer_backward_input(
    const float* g, const float* w, const float* rv, float* dx, int total, int channels,
    int spatial, double eps) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total;
       i += (long long)blockDim.x * gridDim.x) {
    int c = (int)((i / spatial) % channels);
    double scale = (w != 0 ? (double)w[c] : 1.0) / sqrt((double)rv[c] + eps);
    dx[i] = (float)(g[i] * scale);
  }
}

// dw[c] = sum g * (x - runningMean[c]) / sqrt(runningVar[c] + eps), db[c] = sum g, over (N, S).
// One block of BLOCK threads per channel; dw or db may be NULL when not needed.
extern "C" __global__ void bn_infer_backward_params(
    const float* g, const float* x, const float* rm, const float* rv, float* dw, float* db,
    int batch, int channels, int spatial, double eps) {
  __shared__ double sw[BLOCK];
  __shared__ double sb[BLOCK];
  long long count = (long long)batch * spatial;
  for (int c = blockIdx.x; c < channels; c += gridDim.x) {
    double mean = rm[c];
    double invStd = 1.0 / sqrt((double)rv[c] + eps);
    double accW = 0.0;
    double accB = 0.0;
    for (long long k = threadIdx.x; k < count; k += blockDim.x) {
      long long n = k / spatial;
      long long s = k - n * spatial;
      long long idx = (n * channels + c) * spatial + s;
      double gi = g[idx];
      accB += gi;
      accW += gi * (x[idx] - mean) * invStd;
    }
    sw[threadIdx.x] = accW;
    sb[threadIdx.x] = accB;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
      if (threadIdx.x < s) {
        sw[threadIdx.x] += sw[threadIdx.x + s];
        sb[threadIdx.x] += sb[threadIdx.x + s];
      }
      __syncthreads();
    }
    if (threadIdx.x == 0) {
      if (dw != 0) {
        dw[c] = (float)sw[0];
      }
      if (db != 0) {
        db[c] = (float)sb[0];
      }
    }
    __syncthreads();
  }
}

// The fused ReLU of batch norm + ReLU, in place on cuDNN's batch-norm output (cuDNN's batch-norm
// API has no fused activation): y = max(y, 0), NaN kept, like the element-wise relu.
extern "C" __global__ void bn_relu_inplace(float* y, int total) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total;
       i += (long long)blockDim.x * gridDim.x) {
    float v = y[i];
    y[i] = (v > 0.0f || v != v) ? v : 0.0f;
  }
}
