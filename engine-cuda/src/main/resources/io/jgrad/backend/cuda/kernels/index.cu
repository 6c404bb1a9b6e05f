// Strided copies (transpose, permute, slicing, concatenation) and arg-max along an axis over
// float32 buffers. A view is an element offset plus a plan {rank, dims[8], strides[8]} walked in
// row-major order (dims coalesced on the Java side by AxisPlan).
// Compiled at run time by NVRTC: no #include, no host code.

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

// y[i] = x[offset + view(i)]
extern "C" __global__ void gather_f32(const float* x, float* y, int n, int offset, Plan plan) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += (long long)blockDim.x * gridDim.x) {
    y[i] = x[offset + offset_of(plan, i)];
  }
}

// y[offset + view(i)] = x[i] (view positions never overlap)
extern "C" __global__ void scatter_f32(const float* x, float* y, int n, int offset, Plan plan) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += (long long)blockDim.x * gridDim.x) {
    y[offset + offset_of(plan, i)] = x[i];
  }
}

// One thread per output of x viewed as [outer, size, inner]: the maximum over the middle axis and
// its index (first on ties; the first NaN wins).
extern "C" __global__ void max_along(const float* x, float* values, float* indices, int outer,
                                     int size, int inner) {
  long long n = (long long)outer * inner;
  for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < n;
       t += (long long)blockDim.x * gridDim.x) {
    long long o = t / inner;
    long long j = t - o * inner;
    const float* row = x + o * size * inner + j;
    float best = row[0];
    int at = 0;
    for (int k = 1; k < size && best == best; ++k) {
      float c = row[(long long)k * inner];
      if (c > best || c != c) {
        best = c;
        at = k;
      }
    }
    values[t] = best;
    indices[t] = (float)at;
  }
}

// dx (zeroed by the caller) gets g at [o, indices[o, j], j].
extern "C" __global__ void max_along_backward(const float* g, const float* indices, float* dx,
                                              int outer, int size, int inner) {
  long long n = (long long)outer * inner;
  for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < n;
       t += (long long)blockDim.x * gridDim.x) {
    long long o = t / inner;
    long long j = t - o * inner;
    dx[(o * size + (long long)indices[t]) * inner + j] = g[t];
  }
}
