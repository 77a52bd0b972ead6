// PyTorch's QR for orthogonal_ with a TorchGenerator: torch.linalg.qr on a float32 CPU tensor calls
// LAPACK's sgeqrf then sorgqr. This is reference LAPACK/BLAS 3.11 (which builds, and how it was
// checked: docs/torch-provenance.md), operation for operation in float32: for min(m, n) ≤ 128
// both routines run their unblocked kernels (sgeqr2: slarfg = snrm2 (Blue's), slapy2, sscal;
// slarf = sgemv + sger; sorg2r), plain scalar loops compiled without FMA for x86-64, so rounding
// to float32 after every operation reproduces them bit for bit. Larger ones take the blocked
// path (panels of 32 columns by sgeqr2 / sorg2r, slarft, slarfb over strmm and sgemm) while more
// than 128 columns remain, in the same order. A compatibility path, not a fast kernel: the
// default Generator's orthogonal uses this library's float64 QR.
import { F32_MAX } from '../math/f32.js';

const fr = Math.fround;

// ilaenv for xGEQRF / xORGQR: block size 32, crossover to unblocked code 128.
const NB = 32;
const NX = 128;

// BLAS 3.10+ snrm2 (Blue's algorithm): thresholds and scalings for float32.
const TSML = 2 ** -63;
const TBIG = 2 ** 52;
const SSML = 2 ** 75;
const SBIG = 2 ** -76;
// slarfg's SAFMIN = slamch('S') / slamch('E') = 2^-126 / 2^-24.
const SAFMIN = 2 ** -102;

/** snrm2(n, x(off), inc): Blue's scaled sum of squares in float32. */
function snrm2(n: number, x: Float32Array, off: number, inc: number): number {
  if (n <= 0) return 0;
  let notbig = true;
  let asml = 0, amed = 0, abig = 0;
  for (let i = 0, ix = off; i < n; i++, ix += inc) {
    const ax = Math.abs(x[ix]!);
    if (ax > TBIG) {
      const t = fr(ax * SBIG);
      abig = fr(abig + fr(t * t));
      notbig = false;
    } else if (ax < TSML) {
      if (notbig) {
        const t = fr(ax * SSML);
        asml = fr(asml + fr(t * t));
      }
    } else {
      amed = fr(amed + fr(ax * ax));
    }
  }
  let scl = 1, sumsq: number;
  if (abig > 0) {
    if (amed > 0 || amed > F32_MAX || amed !== amed) abig = fr(abig + fr(fr(amed * SBIG) * SBIG));
    scl = fr(1 / SBIG);
    sumsq = abig;
  } else if (asml > 0) {
    if (amed > 0 || amed > F32_MAX || amed !== amed) {
      const med = fr(Math.sqrt(amed));
      const sml = fr(fr(Math.sqrt(asml)) / SSML);
      const ymin = sml > med ? med : sml, ymax = sml > med ? sml : med;
      const q = fr(ymin / ymax);
      sumsq = fr(fr(ymax * ymax) * fr(1 + fr(q * q)));
    } else {
      scl = fr(1 / SSML);
      sumsq = asml;
    }
  } else {
    sumsq = amed;
  }
  return fr(scl * fr(Math.sqrt(sumsq)));
}

/** slapy2(x, y) = √(x² + y²) as w·√(1 + (z/w)²). */
function slapy2(x: number, y: number): number {
  if (x !== x) return x;
  if (y !== y) return y;
  const xa = Math.abs(x), ya = Math.abs(y);
  const w = Math.max(xa, ya), z = Math.min(xa, ya);
  if (z === 0 || w > F32_MAX) return w;
  const q = fr(z / w);
  return fr(w * fr(Math.sqrt(fr(1 + fr(q * q)))));
}

/** Fortran SIGN(a, b): |a| with the sign bit of b. */
function sign(a: number, b: number): number {
  return b < 0 || Object.is(b, -0) ? -Math.abs(a) : Math.abs(a);
}

/** sscal(n, s, x(off), inc): x ← s·x elementwise. */
function sscal(n: number, s: number, x: Float32Array, off: number, inc: number): void {
  for (let i = 0, ix = off; i < n; i++, ix += inc) x[ix] = s * x[ix]!;
}

/**
 * slarfg(n, alpha = a[ia], x = a[ix..], incx = 1): the reflector H with H·(alpha, x) = (beta, 0);
 * overwrites a[ia] with beta and x with v(2:n); returns tau.
 */
function slarfg(n: number, a: Float32Array, ia: number, ix: number): number {
  if (n <= 1) return 0;
  let xnorm = snrm2(n - 1, a, ix, 1);
  if (xnorm === 0) return 0;
  let alpha = a[ia]!;
  let beta = -sign(slapy2(alpha, xnorm), alpha);
  let knt = 0;
  if (Math.abs(beta) < SAFMIN) {
    const rsafmn = fr(1 / SAFMIN);
    do {
      knt++;
      sscal(n - 1, rsafmn, a, ix, 1);
      beta = fr(beta * rsafmn);
      alpha = fr(alpha * rsafmn);
    } while (Math.abs(beta) < SAFMIN && knt < 20);
    xnorm = snrm2(n - 1, a, ix, 1);
    beta = -sign(slapy2(alpha, xnorm), alpha);
  }
  const tau = fr(fr(beta - alpha) / beta);
  sscal(n - 1, fr(1 / fr(alpha - beta)), a, ix, 1);
  for (let j = 0; j < knt; j++) beta = fr(beta * SAFMIN);
  a[ia] = beta;
  return tau;
}

/**
 * slarf('Left', m, n, v = a[iv..], incv = 1, tau, C = c[ic..] with leading dimension ldc, work):
 * C ← (I − tau·v·vᵀ)·C as w = Cᵀv (sgemv), C −= tau·v·wᵀ (sger), over the last non-zero row of v
 * and the last non-zero column of C.
 */
function slarfLeft(m: number, n: number, v: Float32Array, iv: number, tau: number, c: Float32Array, ic: number,
  ldc: number, work: Float32Array): void {
  if (tau === 0) return;
  let lastv = m;
  while (lastv > 0 && v[iv + lastv - 1] === 0) lastv--;
  const lastc = ilaslc(lastv, n, c, ic, ldc);
  if (lastv <= 0) return;
  // sgemv('T', lastv, lastc, 1, C, ldc, v, 1, 0, work, 1)
  for (let j = 0; j < lastc; j++) {
    let t = 0;
    const cj = ic + j * ldc;
    for (let i = 0; i < lastv; i++) t = fr(t + fr(c[cj + i]! * v[iv + i]!));
    work[j] = 0 + t;
  }
  // sger(lastv, lastc, -tau, v, 1, work, 1, C, ldc)
  const alpha = -tau;
  for (let j = 0; j < lastc; j++) {
    const wj = work[j]!;
    if (wj === 0) continue;
    const t = fr(alpha * wj);
    const cj = ic + j * ldc;
    for (let i = 0; i < lastv; i++) c[cj + i] = c[cj + i]! + fr(v[iv + i]! * t);
  }
}

/** ilaslc: index (1-based count) of the last column of the m x n C with a non-zero entry. */
function ilaslc(m: number, n: number, c: Float32Array, ic: number, ldc: number): number {
  if (n === 0) return 0;
  if (c[ic + (n - 1) * ldc] !== 0 || c[ic + (n - 1) * ldc + m - 1] !== 0) return n;
  for (let j = n; j >= 1; j--) {
    for (let i = 0; i < m; i++) if (c[ic + (j - 1) * ldc + i] !== 0) return j;
  }
  return 0;
}

/** sgeqr2 on the m x n block of a at (r0, c0) (leading dimension lda): unblocked Householder QR. */
function sgeqr2(m: number, n: number, a: Float32Array, off: number, lda: number, tau: Float32Array, toff: number,
  work: Float32Array): void {
  const k = Math.min(m, n);
  for (let i = 0; i < k; i++) {
    const aii = off + i + i * lda;
    tau[toff + i] = slarfg(m - i, a, aii, off + Math.min(i + 1, m - 1) + i * lda);
    if (i < n - 1) {
      const save = a[aii]!;
      a[aii] = 1;
      slarfLeft(m - i, n - i - 1, a, aii, tau[toff + i]!, a, aii + lda, lda, work);
      a[aii] = save;
    }
  }
}

/** sorg2r on the m x n block at off: Q from k reflectors stored below the diagonal. */
function sorg2r(m: number, n: number, k: number, a: Float32Array, off: number, lda: number, tau: Float32Array,
  toff: number, work: Float32Array): void {
  for (let j = k; j < n; j++) {
    for (let l = 0; l < m; l++) a[off + l + j * lda] = 0;
    a[off + j + j * lda] = 1;
  }
  for (let i = k - 1; i >= 0; i--) {
    const aii = off + i + i * lda;
    const t = tau[toff + i]!;
    if (i < n - 1) {
      a[aii] = 1;
      slarfLeft(m - i, n - i - 1, a, aii, t, a, aii + lda, lda, work);
    }
    if (i < m - 1) sscal(m - i - 1, -t, a, aii + 1, 1);
    a[aii] = fr(1 - t);
    for (let l = 0; l < i; l++) a[off + l + i * lda] = 0;
  }
}

/**
 * The reduced Q of the m x n (m ≥ n) column-major float32 matrix `a`, in place, as PyTorch's
 * `torch.linalg.qr` computes it with reference LAPACK (sgeqrf, then sorgqr), and the signs of R's
 * diagonal in `rsign` (+1, −1, or 0 for a zero diagonal entry, as torch.sign gives).
 * @internal
 */
export function torchQr(a: Float32Array, m: number, n: number, rsign: Float32Array): void {
  const k = Math.min(m, n);
  const tau = new Float32Array(k);
  const work = new Float32Array(Math.max(n, 1) * NB);
  sgeqrf(m, n, a, tau, work);
  for (let j = 0; j < n; j++) {
    const r = a[j + j * m]!;
    rsign[j] = r > 0 ? 1 : r < 0 ? -1 : 0;
  }
  sorgqr(m, n, k, a, tau, work);
}

/** sgeqrf: blocks of NB columns (sgeqr2, slarft, slarfb) while more than NX columns remain, then sgeqr2. */
function sgeqrf(m: number, n: number, a: Float32Array, tau: Float32Array, work: Float32Array): void {
  const k = Math.min(m, n);
  let i = 0;
  if (NB < k && NX < k) {
    const t = new Float32Array(NB * NB);
    const w = new Float32Array(n * NB);
    for (; i < k - NX; i += NB) {
      const ib = Math.min(k - i, NB);
      const aii = i + i * m;
      sgeqr2(m - i, ib, a, aii, m, tau, i, work);
      if (i + ib < n) {
        slarft(m - i, ib, a, aii, m, tau, i, t, NB);
        slarfb(true, m - i, n - i - ib, ib, a, aii, m, t, NB, a, aii + ib * m, m, w, n);
      }
    }
  }
  if (i < k) sgeqr2(m - i, n - i, a, i + i * m, m, tau, i, work);
}

/** sorgqr: sorg2r on the columns past the last block, then blocks backwards (slarft, slarfb, sorg2r). */
function sorgqr(m: number, n: number, k: number, a: Float32Array, tau: Float32Array, work: Float32Array): void {
  if (n <= 0) return;
  let ki = 0, kk = 0;
  const blocked = NB < k && NX < k;
  if (blocked) {
    ki = Math.floor((k - NX - 1) / NB) * NB;
    kk = Math.min(k, ki + NB);
    for (let j = kk; j < n; j++) for (let i = 0; i < kk; i++) a[i + j * m] = 0;
  }
  if (kk < n) sorg2r(m - kk, n - kk, k - kk, a, kk + kk * m, m, tau, kk, work);
  if (kk > 0) {
    const t = new Float32Array(NB * NB);
    const w = new Float32Array(n * NB);
    for (let i = ki; i >= 0; i -= NB) {
      const ib = Math.min(NB, k - i);
      const aii = i + i * m;
      if (i + ib < n) {
        slarft(m - i, ib, a, aii, m, tau, i, t, NB);
        slarfb(false, m - i, n - i - ib, ib, a, aii, m, t, NB, a, aii + ib * m, m, w, n);
      }
      sorg2r(m - i, ib, ib, a, aii, m, tau, i, work);
      for (let j = i; j < i + ib; j++) for (let l = 0; l < i; l++) a[l + j * m] = 0;
    }
  }
}

/**
 * slarft('Forward', 'Columnwise', n, k, V, tau, T): the upper triangular k x k T of the block
 * reflector H(1)·…·H(k) = I − V·T·Vᵀ (V unit lower trapezoidal, n x k at v[iv..], leading dim ldv).
 */
function slarft(n: number, k: number, v: Float32Array, iv: number, ldv: number, tau: Float32Array, toff: number,
  t: Float32Array, ldt: number): void {
  if (n === 0) return;
  let prevlastv = n;
  for (let i = 0; i < k; i++) {
    prevlastv = Math.max(i + 1, prevlastv);
    const ti = tau[toff + i]!;
    const ci = iv + i * ldv; // column i of V
    if (ti === 0) {
      for (let j = 0; j <= i; j++) t[j + i * ldt] = 0;
      continue;
    }
    let lastv = n; // 1-based: the last non-zero of V(:, i), at least i + 1
    while (lastv > i + 1 && v[ci + lastv - 1] === 0) lastv--;
    for (let j = 0; j < i; j++) t[j + i * ldt] = fr(-ti * v[iv + i + j * ldv]!);
    const jrow = Math.min(lastv, prevlastv);
    // sgemv('T', jrow − i − 1, i, −tau, V(i+2, 1), ldv, V(i+2, i+1), 1, 1, T(1, i+1), 1)
    if (jrow - i - 1 > 0 && i > 0) {
      for (let c = 0; c < i; c++) {
        let s = 0;
        const cc = iv + c * ldv;
        for (let r = i + 1; r < jrow; r++) s = fr(s + fr(v[cc + r]! * v[ci + r]!));
        t[c + i * ldt] = t[c + i * ldt]! + fr(-ti * s);
      }
    }
    // strmv('Upper', 'No transpose', 'Non-unit', i, T, ldt, T(1, i+1), 1)
    for (let j = 0; j < i; j++) {
      const xj = t[j + i * ldt]!;
      if (xj !== 0) {
        for (let r = 0; r < j; r++) t[r + i * ldt] = t[r + i * ldt]! + fr(xj * t[r + j * ldt]!);
        t[j + i * ldt] = xj * t[j + j * ldt]!;
      }
    }
    t[i + i * ldt] = ti;
    prevlastv = i > 0 ? Math.max(prevlastv, lastv) : lastv;
  }
}

/**
 * slarfb('Left', trans, 'Forward', 'Columnwise', m, n, k, V, T, C): C ← Hᵀ·C (`transpose`, sgeqrf)
 * or H·C (sorgqr), H = I − V·T·Vᵀ, through W = Cᵀ·V (n x k, leading dim ldw).
 */
function slarfb(transpose: boolean, m: number, n: number, k: number, v: Float32Array, iv: number, ldv: number,
  t: Float32Array, ldt: number, c: Float32Array, ic: number, ldc: number, w: Float32Array, ldw: number): void {
  if (m <= 0 || n <= 0) return;
  // W := C1ᵀ (scopy of rows of C1)
  for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) w[i + j * ldw] = c[ic + j + i * ldc]!;
  // W := W·V1 (strmm Right Lower NoTrans Unit)
  for (let j = 0; j < k; j++) {
    for (let l = j + 1; l < k; l++) {
      const a = v[iv + l + j * ldv]!;
      if (a !== 0) for (let i = 0; i < n; i++) w[i + j * ldw] = w[i + j * ldw]! + fr(a * w[i + l * ldw]!);
    }
  }
  if (m > k) {
    // W := W + C2ᵀ·V2 (sgemm T N, alpha = beta = 1)
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        const cc = ic + i * ldc, vc = iv + j * ldv;
        for (let l = k; l < m; l++) s = fr(s + fr(c[cc + l]! * v[vc + l]!));
        w[i + j * ldw] = s + w[i + j * ldw]!;
      }
    }
  }
  if (transpose) {
    // W := W·T (strmm Right Upper NoTrans Non-unit)
    for (let j = k - 1; j >= 0; j--) {
      const d = t[j + j * ldt]!;
      for (let i = 0; i < n; i++) w[i + j * ldw] = d * w[i + j * ldw]!;
      for (let l = 0; l < j; l++) {
        const a = t[l + j * ldt]!;
        if (a !== 0) for (let i = 0; i < n; i++) w[i + j * ldw] = w[i + j * ldw]! + fr(a * w[i + l * ldw]!);
      }
    }
  } else {
    // W := W·Tᵀ (strmm Right Upper Trans Non-unit)
    for (let l = 0; l < k; l++) {
      for (let j = 0; j < l; j++) {
        const a = t[j + l * ldt]!;
        if (a !== 0) for (let i = 0; i < n; i++) w[i + j * ldw] = w[i + j * ldw]! + fr(a * w[i + l * ldw]!);
      }
      const d = t[l + l * ldt]!;
      if (d !== 1) for (let i = 0; i < n; i++) w[i + l * ldw] = d * w[i + l * ldw]!;
    }
  }
  if (m > k) {
    // C2 := C2 − V2·Wᵀ (sgemm N T, alpha = −1, beta = 1)
    for (let j = 0; j < n; j++) {
      const cc = ic + j * ldc;
      for (let l = 0; l < k; l++) {
        const a = -w[j + l * ldw]!;
        const vc = iv + l * ldv;
        for (let i = k; i < m; i++) c[cc + i] = c[cc + i]! + fr(a * v[vc + i]!);
      }
    }
  }
  // W := W·V1ᵀ (strmm Right Lower Trans Unit)
  for (let l = k - 1; l >= 0; l--) {
    for (let j = l + 1; j < k; j++) {
      const a = v[iv + j + l * ldv]!;
      if (a !== 0) for (let i = 0; i < n; i++) w[i + j * ldw] = w[i + j * ldw]! + fr(a * w[i + l * ldw]!);
    }
  }
  // C1 := C1 − Wᵀ
  for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) c[ic + j + i * ldc] = c[ic + j + i * ldc]! - w[i + j * ldw]!;
}

/**
 * PyTorch 1.13's `orthogonal_` after its normal draw: `z` is the row-major rows x cols draw;
 * q, r = torch.linalg.qr(z, or zᵀ when rows < cols) by {@link torchQr}; q *= sign(diag(r))
 * (a zero diagonal entry zeroes its column, as torch.sign(0) = 0) unless `signFix` is false;
 * transposed back; times float32(gain), each product rounded to float32 (`mul_(gain)`).
 * Returns W[i·cols + j].
 * @internal
 */
export function torchOrthogonal(z: Float32Array, rows: number, cols: number, gain: number, signFix = true): Float32Array {
  const wide = rows < cols;
  const m = wide ? cols : rows, n = wide ? rows : cols;
  // LAPACK's column-major m x n input: zᵀ stored column-major is z itself.
  const a = new Float32Array(m * n);
  if (wide) a.set(z);
  else for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) a[j * m + i] = z[i * cols + j]!;
  const rsign = new Float32Array(n);
  torchQr(a, m, n, rsign);
  if (!signFix) rsign.fill(1);
  const g = fr(gain);
  const w = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) w[i * cols + j] = wide ? a[j + i * m]! * rsign[i]! * g : a[i + j * m]! * rsign[j]! * g;
  }
  return w;
}
