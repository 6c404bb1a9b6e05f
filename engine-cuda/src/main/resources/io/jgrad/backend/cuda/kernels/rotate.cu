// Rotation of a batch of NCHW images about their centres (torchvision's rotate with
// expand=False, center=None), one thread per output pixel position looping over channels.
//
// params holds, in double: cos and sin of each image's angle (2*n values, computed on the host
// exactly as the CPU backend does), then the fill (fillLen values, 1 or c; fillLen 0 means
// fill=None: zeros outside and no blending). Every product and sum uses the _rn intrinsics so the
// compiler cannot contract them into FMAs: the sampling coordinates, the weights and the blend are
// then rounded exactly as the CPU backend's Java arithmetic, and so are the results.

#define GRID_STRIDE(i, n)                                                        \
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
       i += (long long)blockDim.x * gridDim.x)

// (sx, sy) = R(a) (x, y) + (cx, cy) for output pixel (i, j) of an h x w image.
__device__ void source_point(
    double cosv, double sinv, int i, int j, int h, int w, double* sx, double* sy) {
  double cx = (double)(w - 1) / 2.0;
  double cy = (double)(h - 1) / 2.0;
  double x = __dsub_rn((double)j, cx);
  double y = __dsub_rn((double)i, cy);
  *sx = __dadd_rn(__dsub_rn(__dmul_rn(cosv, x), __dmul_rn(sinv, y)), cx);
  *sy = __dadd_rn(__dadd_rn(__dmul_rn(sinv, x), __dmul_rn(cosv, y)), cy);
}

extern "C" __global__ void rotate_nearest(
    const float* src, float* dst, const double* params, int fillLen, int n, int c, int h, int w) {
  long long plane = (long long)h * w;
  GRID_STRIDE(p, (long long)n * plane) {
    int b = (int)(p / plane);
    int i = (int)((p % plane) / w);
    int j = (int)(p % w);
    double sx;
    double sy;
    source_point(params[2 * b], params[2 * b + 1], i, j, h, w, &sx, &sy);
    double rx = rint(sx);  // round half to even, like Math.rint
    double ry = rint(sy);
    bool inside = rx >= 0.0 && rx < (double)w && ry >= 0.0 && ry < (double)h;
    long long image = (long long)b * c * plane;
    long long from = inside ? (long long)ry * w + (long long)rx : 0;
    for (int ch = 0; ch < c; ch++) {
      float v;
      if (inside) {
        v = src[image + ch * plane + from];
      } else {
        v = fillLen == 0 ? 0.0f : __double2float_rn(params[2 * n + (fillLen == 1 ? 0 : ch)]);
      }
      dst[image + ch * plane + i * (long long)w + j] = v;
    }
  }
}

extern "C" __global__ void rotate_bilinear(
    const float* src, float* dst, const double* params, int fillLen, int n, int c, int h, int w) {
  long long plane = (long long)h * w;
  GRID_STRIDE(p, (long long)n * plane) {
    int b = (int)(p / plane);
    int i = (int)((p % plane) / w);
    int j = (int)(p % w);
    double sx;
    double sy;
    source_point(params[2 * b], params[2 * b + 1], i, j, h, w, &sx, &sy);
    double fx = floor(sx);
    double fy = floor(sy);
    double ax = __dsub_rn(sx, fx);
    double ay = __dsub_rn(sy, fy);
    double fx1 = __dadd_rn(fx, 1.0);
    double fy1 = __dadd_rn(fy, 1.0);
    bool inX0 = fx >= 0.0 && fx < (double)w;
    bool inX1 = fx1 >= 0.0 && fx1 < (double)w;
    bool inY0 = fy >= 0.0 && fy < (double)h;
    bool inY1 = fy1 >= 0.0 && fy1 < (double)h;
    double bx = __dsub_rn(1.0, ax);
    double by = __dsub_rn(1.0, ay);
    double w00 = inX0 && inY0 ? __dmul_rn(bx, by) : 0.0;
    double w01 = inX1 && inY0 ? __dmul_rn(ax, by) : 0.0;
    double w10 = inX0 && inY1 ? __dmul_rn(bx, ay) : 0.0;
    double w11 = inX1 && inY1 ? __dmul_rn(ax, ay) : 0.0;
    double mask = __dadd_rn(__dadd_rn(__dadd_rn(w00, w01), w10), w11);
    long long image = (long long)b * c * plane;
    // Only read for corners inside the image, where the index is in range.
    long long p00 = (long long)fy * w + (long long)fx;
    for (int ch = 0; ch < c; ch++) {
      const float* s = src + image + ch * plane;
      double val = 0.0;
      if (w00 != 0.0) {
        val = __dadd_rn(val, __dmul_rn(w00, (double)s[p00]));
      }
      if (w01 != 0.0) {
        val = __dadd_rn(val, __dmul_rn(w01, (double)s[p00 + 1]));
      }
      if (w10 != 0.0) {
        val = __dadd_rn(val, __dmul_rn(w10, (double)s[p00 + w]));
      }
      if (w11 != 0.0) {
        val = __dadd_rn(val, __dmul_rn(w11, (double)s[p00 + w + 1]));
      }
      if (fillLen != 0) {
        double f = params[2 * n + (fillLen == 1 ? 0 : ch)];
        val = __dadd_rn(__dmul_rn(val, mask), __dmul_rn(__dsub_rn(1.0, mask), f));
      }
      dst[image + ch * plane + i * (long long)w + j] = __double2float_rn(val);
    }
  }
}
