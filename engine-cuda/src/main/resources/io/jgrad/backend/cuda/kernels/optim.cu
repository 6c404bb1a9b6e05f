// Fused optimizer steps, one pass per parameter, in place. Each element is updated in double
// and stored once as float, exactly like the CPU backend (PyTorch 1.13 formulas).

#define GRID_STRIDE(i, n)                                                       \
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
       i += (long long)blockDim.x * gridDim.x)

// d = g + wd*w; with momentum buf = first ? d : mom*buf + keep*d, then d = nesterov ? d + mom*buf
// : buf; finally w -= lr*d. buf is NULL when momentum is 0.
extern "C" __global__ void sgd_step(
    float* w, const float* g, float* buf, int n, double lr, double wd, double mom, double keep,
    int nesterov, int first) {
  GRID_STRIDE(i, n) {
    double d = g[i];
    if (wd != 0.0) {
      d += wd * w[i];
    }
    if (buf != 0) {
      double b = first ? d : mom * buf[i] + keep * d;
      buf[i] = (float)b;
      d = nesterov ? d + mom * b : b;
    }
    w[i] = (float)(w[i] - lr * d);
  }
}

// AdamW decays w by `decay` first; Adam adds l2*w to the gradient. Then
// m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2, w -= stepSize * m / (sqrt(v)/bias2Sqrt + eps).
extern "C" __global__ void adam_step(
    float* w, const float* g, float* m, float* v, int n, double stepSize, double bias2Sqrt,
    double decay, double l2, double b1, double b2, double eps) {
  GRID_STRIDE(i, n) {
    double wi = w[i] * decay;
    double gi = g[i];
    if (l2 != 0.0) {
      gi += l2 * wi;
    }
    double mi = b1 * m[i] + (1.0 - b1) * gi;
    double vi = b2 * v[i] + (1.0 - b2) * gi * gi;
    m[i] = (float)mi;
    v[i] = (float)vi;
    w[i] = (float)(wi - stepSize * mi / (sqrt(vi) / bias2Sqrt + eps));
  }
}
