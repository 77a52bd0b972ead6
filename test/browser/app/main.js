// The page: exactly what a user writes, no bundler configuration for WebAssembly.
// ?backend=wasm-simd|wasm-scalar|js forces a backend after init(); ?backend=js-first forces js before
// init() (what a strict-CSP page does); no query: whatever init() picks.
import { init, Generator, kaimingNormal, simulate, setBackend, backend } from 'weight-init';
import { workload } from './workload.js';

const out = document.getElementById('out');
workload({ init, Generator, kaimingNormal, simulate, setBackend, backend }, new URLSearchParams(location.search).get('backend'))
  .then((result) => {
    out.textContent = JSON.stringify(result, null, 2);
    window.__result = result;
  })
  .catch((error) => {
    out.textContent = String(error && error.stack || error);
    window.__result = { error: String(error && error.message || error) };
  });
