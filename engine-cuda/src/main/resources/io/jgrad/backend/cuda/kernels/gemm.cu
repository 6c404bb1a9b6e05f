// Row-major C[m,n] = op(A)[m,k] * op(B)[k,n], the matrix product used when cuBLAS is not
// installed. A is stored as [m,k], or [k,m] when transA; B as [k,n], or [n,k] when transB.
// One block of 256 threads computes a 64x64 tile of C, stepping through k 16 at a time: both
// operand tiles are staged in shared memory (zero-padded at the edges) and each thread keeps a
// 4x4 block of C in registers. The 1-D grid enumerates the tiles row by row.

#define GEMM_BM 64
#define GEMM_BN 64
#define GEMM_BK 16
#define GEMM_THREADS 256

extern "C" __global__ void gemm_f32(const float* __restrict__ a, const float* __restrict__ b,
                                    float* __restrict__ c, int m, int n, int k, int transA,
                                    int transB) {
  __shared__ float as[GEMM_BK][GEMM_BM];
  __shared__ float bs[GEMM_BK][GEMM_BN];
  const int tilesN = (n + GEMM_BN - 1) / GEMM_BN;
  const int row0 = (int)(blockIdx.x / tilesN) * GEMM_BM;
  const int col0 = (int)(blockIdx.x % tilesN) * GEMM_BN;
  const int tx = threadIdx.x % 16;
  const int ty = threadIdx.x / 16;
  float acc[4][4];
  for (int r = 0; r < 4; r++) {
    for (int s = 0; s < 4; s++) {
      acc[r][s] = 0.0f;
    }
  }
  for (int p0 = 0; p0 < k; p0 += GEMM_BK) {
    for (int e = threadIdx.x; e < GEMM_BM * GEMM_BK; e += GEMM_THREADS) {
      // Without transA consecutive threads read along a row of A; with it, along a column.
      const int i = transA ? e % GEMM_BM : e / GEMM_BK;
      const int p = transA ? e / GEMM_BM : e % GEMM_BK;
      const int gi = row0 + i;
      const int gp = p0 + p;
      float v = 0.0f;
      if (gi < m && gp < k) {
        v = transA ? a[(long long)gp * m + gi] : a[(long long)gi * k + gp];
      }
      as[p][i] = v;
    }
    for (int e = threadIdx.x; e < GEMM_BK * GEMM_BN; e += GEMM_THREADS) {
      const int j = transB ? e / GEMM_BK : e % GEMM_BN;
      const int p = transB ? e % GEMM_BK : e / GEMM_BN;
      const int gj = col0 + j;
      const int gp = p0 + p;
      float v = 0.0f;
      if (gj < n && gp < k) {
        v = transB ? b[(long long)gj * k + gp] : b[(long long)gp * n + gj];
      }
      bs[p][j] = v;
    }
    __syncthreads();
    for (int p = 0; p < GEMM_BK; p++) {
      float ar[4];
      float br[4];
      for (int r = 0; r < 4; r++) {
        ar[r] = as[p][ty + 16 * r];
        br[r] = bs[p][tx + 16 * r];
      }
      for (int r = 0; r < 4; r++) {
        for (int s = 0; s < 4; s++) {
          acc[r][s] = fmaf(ar[r], br[s], acc[r][s]);
        }
      }
    }
    __syncthreads();
  }
  for (int r = 0; r < 4; r++) {
    const int gi = row0 + ty + 16 * r;
    if (gi >= m) {
      continue;
    }
    for (int s = 0; s < 4; s++) {
      const int gj = col0 + tx + 16 * s;
      if (gj < n) {
        c[(long long)gi * n + gj] = acc[r][s];
      }
    }
  }
}
