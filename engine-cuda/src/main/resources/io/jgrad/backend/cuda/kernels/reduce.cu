// Sums over axes. kept walks the outputs in row-major order, red walks the summed elements of
// one output; both carry input strides. Partial sums are kept in double.

#define MAX_RANK 8
#define BLOCK 256

struct Plan {
  int rank;
  int dims[MAX_RANK];
  int strides[MAX_RANK];
};

__device__ __forceinline__ long long offset_of(const Plan& p, long long index) {
  long long off = 0;
  for (int d = p.rank - 1; d >= 0; --d) {
    long long q = index / p.dims[d];
    off += (index - q * p.dims[d]) * p.strides[d];
    index = q;
  }
  return off;
}

// One block per output (grid-stride over outputs): for long or contiguous reductions.
// Launch with blockDim.x == BLOCK.
extern "C" __global__ void sum_block_per_output(
    const float* x, float* y, int outCount, int redCount, Plan kept, Plan red) {
  __shared__ double partial[BLOCK];
  for (int o = blockIdx.x; o < outCount; o += gridDim.x) {
    long long base = offset_of(kept, o);
    double acc = 0.0;
    for (int r = threadIdx.x; r < redCount; r += blockDim.x) {
      acc += x[base + offset_of(red, r)];
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
      y[o] = (float)partial[0];
    }
    __syncthreads();
  }
}

// One thread per output: for short reductions over strided dims (neighbouring threads read
// neighbouring elements, so loads coalesce).
extern "C" __global__ void sum_thread_per_output(
    const float* x, float* y, int outCount, int redCount, Plan kept, Plan red) {
  for (long long o = (long long)blockIdx.x * blockDim.x + threadIdx.x; o < outCount;
       o += (long long)blockDim.x * gridDim.x) {
    long long base = offset_of(kept, o);
    double acc = 0.0;
    for (int r = 0; r < redCount; ++r) {
      acc += x[base + offset_of(red, r)];
    }
    y[o] = (float)acc;
  }
}
