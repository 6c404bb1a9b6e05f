// Pooling kernels cuDNN does not cover: adaptive average pooling (forward and backward) and the
// average-pooling backward pass. Backward passes gather (one thread per input element sums the
// windows that cover it), so they need no atomics and are deterministic.

#define GRID_STRIDE(i, n)                                                       \
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
       i += (long long)blockDim.x * gridDim.x)

__device__ __forceinline__ int imin(int a, int b) { return a < b ? a : b; }

__device__ __forceinline__ int imax(int a, int b) { return a > b ? a : b; }

// Adaptive bin i of `out` bins over `in` positions covers [floor(i*in/out), ceil((i+1)*in/out)).
__device__ __forceinline__ int bin_start(int i, int in, int out) {
  return (int)(((long long)i * in) / out);
}

__device__ __forceinline__ int bin_end(int i, int in, int out) {
  return (int)(((long long)(i + 1) * in + out - 1) / out);
}

extern "C" __global__ void adaptive_avg_forward(
    const float* x, float* y, int planes, int inH, int inW, int outH, int outW) {
  long long total = (long long)planes * outH * outW;
  GRID_STRIDE(o, total) {
    int j = (int)(o % outW);
    long long t = o / outW;
    int i = (int)(t % outH);
    long long plane = t / outH;
    int h0 = bin_start(i, inH, outH);
    int h1 = bin_end(i, inH, outH);
    int w0 = bin_start(j, inW, outW);
    int w1 = bin_end(j, inW, outW);
    const float* base = x + plane * inH * inW;
    double sum = 0.0;
    for (int h = h0; h < h1; ++h) {
      for (int w = w0; w < w1; ++w) {
        sum += base[h * inW + w];
      }
    }
    y[o] = (float)(sum / ((h1 - h0) * (w1 - w0)));
  }
}

extern "C" __global__ void adaptive_avg_backward(
    const float* g, float* dx, int planes, int inH, int inW, int outH, int outW) {
  long long total = (long long)planes * inH * inW;
  GRID_STRIDE(idx, total) {
    int w = (int)(idx % inW);
    long long t = idx / inW;
    int h = (int)(t % inH);
    long long plane = t / inH;
    // Bins covering row h lie in [floor(h*outH/inH), ceil((h+1)*outH/inH)); checked exactly.
    int iLo = (int)(((long long)h * outH) / inH);
    int iHi = imin(outH - 1, (int)(((long long)(h + 1) * outH + inH - 1) / inH));
    int jLo = (int)(((long long)w * outW) / inW);
    int jHi = imin(outW - 1, (int)(((long long)(w + 1) * outW + inW - 1) / inW));
    const float* gp = g + plane * outH * outW;
    double acc = 0.0;
    for (int i = iLo; i <= iHi; ++i) {
      int h0 = bin_start(i, inH, outH);
      int h1 = bin_end(i, inH, outH);
      if (h < h0 || h >= h1) {
        continue;
      }
      for (int j = jLo; j <= jHi; ++j) {
        int w0 = bin_start(j, inW, outW);
        int w1 = bin_end(j, inW, outW);
        if (w < w0 || w >= w1) {
          continue;
        }
        acc += (double)gp[i * outW + j] / ((h1 - h0) * (w1 - w0));
      }
    }
    dx[idx] = (float)acc;
  }
}

// Average pooling backward: each input element receives gradOut / divisor from every window that
// covers it. The divisor is kH*kW with includePad, else the window's in-bounds element count.
extern "C" __global__ void avg_pool_backward(
    const float* g, float* dx, int planes, int inH, int inW, int outH, int outW, int kH, int kW,
    int sH, int sW, int pH, int pW, int includePad) {
  long long total = (long long)planes * inH * inW;
  GRID_STRIDE(idx, total) {
    int w = (int)(idx % inW);
    long long t = idx / inW;
    int h = (int)(t % inH);
    long long plane = t / inH;
    // Window oh covers h iff oh*sH - pH <= h < oh*sH - pH + kH.
    int ohHi = imin(outH - 1, (h + pH) / sH);
    int ohLo = h + pH - kH < 0 ? 0 : (h + pH - kH) / sH + 1;
    int owHi = imin(outW - 1, (w + pW) / sW);
    int owLo = w + pW - kW < 0 ? 0 : (w + pW - kW) / sW + 1;
    const float* gp = g + plane * outH * outW;
    double acc = 0.0;
    for (int oh = ohLo; oh <= ohHi; ++oh) {
      int h0 = oh * sH - pH;
      int rows = includePad ? kH : imin(h0 + kH, inH) - imax(h0, 0);
      for (int ow = owLo; ow <= owHi; ++ow) {
        int w0 = ow * sW - pW;
        int cols = includePad ? kW : imin(w0 + kW, inW) - imax(w0, 0);
        acc += (double)gp[oh * outW + ow] / (rows * cols);
      }
    }
    dx[idx] = (float)acc;
  }
}
