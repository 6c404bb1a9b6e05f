// Broadcast copy: the output is walked in row-major order over plan.dims, and each step along
// dim d moves plan.strides[d] elements in the input (0 along broadcast dims).

#define MAX_RANK 8

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

extern "C" __global__ void expand_f32(const float* x, float* y, int n, Plan plan) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += (long long)blockDim.x * gridDim.x) {
    y[i] = x[offset_of(plan, i)];
  }
}
