// Negative log-likelihood with mean reduction over a [batch, classes] buffer of log-probs.

#define BLOCK 256

// out[0] = -(1/batch) * sum_i logp[i, targets[i]]. Launch one block of BLOCK threads.
extern "C" __global__ void nll_forward(
    const float* logp, const int* targets, float* out, int batch, int classes) {
  __shared__ double partial[BLOCK];
  double acc = 0.0;
  for (int i = threadIdx.x; i < batch; i += blockDim.x) {
    acc += logp[(long long)i * classes + targets[i]];
  }
  partial[threadIdx.x] = acc;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) {
      partial[threadIdx.x] += partial[threadIdx.x + s];
    }
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    out[0] = (float)(-partial[0] / batch);
  }
}

// dx[i, targets[i]] = -gradLoss[0] / batch; dx must be zero-filled before.
extern "C" __global__ void nll_backward(
    const float* gradLoss, const int* targets, float* dx, int batch, int classes) {
  float value = (float)(-(double)gradLoss[0] / batch);
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < batch;
       i += (long long)blockDim.x * gridDim.x) {
    dx[i * classes + targets[i]] = value;
  }
}
