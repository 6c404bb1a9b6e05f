// Element-wise maps over float32 buffers, one grid-stride loop per kernel.
// Op codes are fixed here and mapped explicitly from jgrad's enums in CudaElementwise.
// Compiled at run time by NVRTC: no #include, no host code.

#define GRID_STRIDE(i, n)                                                       \
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
       i += (long long)blockDim.x * gridDim.x)

// Unary op codes.
#define OP_NEG 0
#define OP_EXP 1
#define OP_LOG 2
#define OP_RELU 3
#define OP_SQRT 4

// Binary op codes.
#define OP_ADD 0
#define OP_SUB 1
#define OP_MUL 2
#define OP_DIV 3
#define OP_RELU_BACKWARD 4
#define OP_POW 5
#define OP_POW_BASE_GRAD 6
#define OP_POW_EXPONENT_GRAD 7

// max(x, 0) that keeps NaN (as Java's Math.max and PyTorch do) and maps -0 to +0.
__device__ __forceinline__ float relu_f(float x) { return (x > 0.0f || x != x) ? x : 0.0f; }

__device__ __forceinline__ float unary_f(int op, float x) {
  switch (op) {
    case OP_NEG: return -x;
    case OP_EXP: return expf(x);
    case OP_LOG: return logf(x);
    case OP_RELU: return relu_f(x);
    default: return sqrtf(x);
  }
}

// The power ops in double, rounded once, as PointwiseMath defines them. C's pow already gives
// 1^b = 1 (NaN b included) and (-1)^inf = 1, the rule PointwiseMath.pow follows.
__device__ __forceinline__ float pow_f(int op, float a, float b) {
  double x = a, y = b;
  switch (op) {
    case OP_POW: return (float)pow(x, y);
    // d(a^b)/da = b a^(b-1), 0 where b = 0
    case OP_POW_BASE_GRAD: return y == 0.0 ? 0.0f : (float)(y * pow(x, y - 1.0));
    // d(a^b)/db = a^b ln a, 0 where a = 0 and b >= 0
    default: return (x == 0.0 && y >= 0.0) ? 0.0f : (float)(pow(x, y) * log(x));
  }
}

__device__ __forceinline__ float binary_f(int op, float a, float b) {
  switch (op) {
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_MUL: return a * b;
    case OP_DIV: return a / b;
    case OP_RELU_BACKWARD: return a > 0.0f ? b : 0.0f;  // gradient b where a > 0
    default: return pow_f(op, a, b);  // OP_POW, OP_POW_BASE_GRAD, OP_POW_EXPONENT_GRAD
  }
}

// y = op(x)
extern "C" __global__ void unary_f32(int op, const float* x, float* y, int n) {
  GRID_STRIDE(i, n) { y[i] = unary_f(op, x[i]); }
}

// y = op(a, b)
extern "C" __global__ void binary_f32(int op, const float* a, const float* b, float* y, int n) {
  GRID_STRIDE(i, n) { y[i] = binary_f(op, a[i], b[i]); }
}

// y = op(a, c)
extern "C" __global__ void binary_scalar_f32(int op, const float* a, float c, float* y, int n) {
  GRID_STRIDE(i, n) { y[i] = binary_f(op, a[i], c); }
}

// acc += x
extern "C" __global__ void accumulate_f32(float* acc, const float* x, int n) {
  GRID_STRIDE(i, n) { acc[i] += x[i]; }
}

// y = value
extern "C" __global__ void fill_f32(float* y, float value, int n) {
  GRID_STRIDE(i, n) { y[i] = value; }
}
