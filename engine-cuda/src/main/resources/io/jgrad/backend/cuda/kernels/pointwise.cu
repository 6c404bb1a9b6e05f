// Parameterised element-wise maps, their gradients, comparisons and selection over float32
// buffers. Each element is computed in double, as jgrad's PointwiseMath defines it, and rounded
// once. Function and comparison codes are mapped explicitly from jgrad's enums in CudaPointwise.
// Compiled at run time by NVRTC: no #include, no host code.

#define GRID_STRIDE(i, n)                                                       \
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
       i += (long long)blockDim.x * gridDim.x)

// Function codes.
#define FN_SIGMOID 0
#define FN_TANH 1
#define FN_ABS 2
#define FN_GELU 3
#define FN_GELU_TANH 4
#define FN_LEAKY_RELU 5
#define FN_CLAMP 6
#define FN_POW 7

// Comparison codes.
#define CMP_EQ 0
#define CMP_NE 1
#define CMP_LT 2
#define CMP_LE 3
#define CMP_GT 4
#define CMP_GE 5

#define INV_SQRT_2 0.70710678118654752440
#define INV_SQRT_2PI 0.39894228040143267794
#define GELU_K 0.79788456080286535588
#define GELU_C 0.044715

__device__ __forceinline__ double normal_cdf(double x) { return 0.5 * (1.0 + erf(x * INV_SQRT_2)); }

__device__ double forward_d(int fn, double x, double p, double q) {
  switch (fn) {
    case FN_SIGMOID: return 1.0 / (1.0 + exp(-x));
    case FN_TANH: return tanh(x);
    case FN_ABS: return fabs(x);
    case FN_GELU: return x * normal_cdf(x);
    case FN_GELU_TANH: return 0.5 * x * (1.0 + tanh(GELU_K * (x + GELU_C * x * x * x)));
    case FN_LEAKY_RELU: return x > 0.0 ? x : x * p;
    case FN_CLAMP: return x != x ? x : fmin(fmax(x, p), q);
    default: return pow(x, p);  // FN_POW
  }
}

// g * fn'(x); saved is the output for SIGMOID and TANH, the input otherwise.
__device__ double backward_d(int fn, double s, double g, double p, double q) {
  switch (fn) {
    case FN_SIGMOID: return g * s * (1.0 - s);
    case FN_TANH: return g * (1.0 - s * s);
    case FN_ABS: return s != s ? s : (s > 0.0 ? g : (s < 0.0 ? -g : 0.0 * g));
    case FN_GELU: return g * (normal_cdf(s) + s * INV_SQRT_2PI * exp(-0.5 * s * s));
    case FN_GELU_TANH: {
      double t = tanh(GELU_K * (s + GELU_C * s * s * s));
      double du = GELU_K * (1.0 + 3.0 * GELU_C * s * s);
      return g * (0.5 * (1.0 + t) + 0.5 * s * (1.0 - t * t) * du);
    }
    case FN_LEAKY_RELU: return s > 0.0 ? g : g * p;
    case FN_CLAMP: return (s >= p && s <= q) ? g : 0.0;
    default: return p == 0.0 ? 0.0 : g * p * pow(s, p - 1.0);  // FN_POW
  }
}

__device__ __forceinline__ bool compare_b(int op, float a, float b) {
  switch (op) {
    case CMP_EQ: return a == b;
    case CMP_NE: return a != b;
    case CMP_LT: return a < b;
    case CMP_LE: return a <= b;
    case CMP_GT: return a > b;
    default: return a >= b;  // CMP_GE
  }
}

// y = fn(x; p, q)
extern "C" __global__ void pointwise_forward(int fn, const float* x, float* y, int n, double p,
                                             double q) {
  GRID_STRIDE(i, n) { y[i] = (float)forward_d(fn, (double)x[i], p, q); }
}

// y = g * fn'(saved; p, q)
extern "C" __global__ void pointwise_backward(int fn, const float* saved, const float* g, float* y,
                                              int n, double p, double q) {
  GRID_STRIDE(i, n) { y[i] = (float)backward_d(fn, (double)saved[i], (double)g[i], p, q); }
}

// y = op(a, b) ? 1 : 0
extern "C" __global__ void compare_f32(int op, const float* a, const float* b, float* y, int n) {
  GRID_STRIDE(i, n) { y[i] = compare_b(op, a[i], b[i]) ? 1.0f : 0.0f; }
}

// y = cond != 0 ? a : b
extern "C" __global__ void where_f32(const float* cond, const float* a, const float* b, float* y,
                                     int n) {
  GRID_STRIDE(i, n) { y[i] = cond[i] != 0.0f ? a[i] : b[i]; }
}
