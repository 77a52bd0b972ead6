// The page: what a user of weight-init/tfjs writes: tfjs-core with the cpu backend, tfjs-layers, and
// weight-init's TF.js classes imported by name. No bundler configuration of any kind.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { init, backend } from 'weight-init';
import {
  WeightInitConstant, WeightInitGlorotNormal, WeightInitKaimingNormal, WeightInitOrthogonal, WeightInitUniform,
  tfInitializerClasses,
} from 'weight-init/tfjs';
import { tfjsWorkload } from './workload.js';

const out = document.getElementById('out');
const wi = {
  init, backend, tfInitializerClasses,
  WeightInitConstant, WeightInitGlorotNormal, WeightInitKaimingNormal, WeightInitOrthogonal, WeightInitUniform,
};
tfjsWorkload(tf, tfl, wi)
  .then((result) => {
    out.textContent = JSON.stringify(result, null, 2);
    window.__result = result;
  })
  .catch((error) => {
    out.textContent = String(error && error.stack || error);
    window.__result = { error: String(error && error.message || error) };
  });
