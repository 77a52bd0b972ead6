// What the weight-init/tfjs page computes, shared by the pages and by Node
// (test/browser/bundlers.test.ts passes tfjs-core, tfjs-layers and the built package's exports).

async function sha256(arrays) {
  const bytes = new Uint8Array(arrays.reduce((n, a) => n + a.byteLength, 0));
  let at = 0;
  for (const a of arrays) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A config and a shape every class accepts (seeded, so the values are fixed). */
function probe(name) {
  const config = { seed: 7 };
  if (name === 'constant') config.value = 0.25;
  if (name === 'sparse') config.sparsity = 0.5;
  const shape = name === 'dirac' || name === 'deltaOrthogonal' ? [3, 3, 2, 4] : [6, 4];
  return { config, shape };
}

/** A small tfjs-layers model whose kernels and biases come from weight-init's classes, with seeds. */
function buildModel(tfl, wi) {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({
    inputShape: [6, 6, 2], filters: 3, kernelSize: 3,
    kernelInitializer: new wi.WeightInitKaimingNormal({ seed: 1, mode: 'fanOut', nonlinearity: 'relu' }),
    biasInitializer: new wi.WeightInitUniform({ seed: 2, low: -0.1, high: 0.1 }),
  }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({
    units: 5, kernelInitializer: new wi.WeightInitOrthogonal({ seed: 3, gain: 2 }),
    biasInitializer: new wi.WeightInitConstant({ value: 0.25 }),
  }));
  model.add(tfl.layers.dense({ units: 4, useBias: false, kernelInitializer: new wi.WeightInitGlorotNormal({ seed: 4 }) }));
  return model;
}

function layerWeights(model) {
  return model.layers.flatMap((layer) => layer.getWeights().map((w) => w.dataSync()));
}

/**
 * Runs the page's checks: every class of `wi.tfInitializerClasses` constructed and applied (an error
 * per class, or 'ok'), the model's weights (layer.getWeights() -> dataSync()) hashed, and the model
 * rebuilt from its JSON config (the classes deserialised by className) drawing the same weights.
 */
export async function tfjsWorkload(tf, tfl, wi) {
  await tf.setBackend('cpu');
  await tf.ready();
  const initialised = await wi.init();
  const classes = {};
  const values = [];
  for (const [name, cls] of Object.entries(wi.tfInitializerClasses)) {
    try {
      const { config, shape } = probe(name);
      const t = new cls(config).apply(shape);
      values.push(t.dataSync());
      classes[name] = 'ok';
    } catch (e) {
      classes[name] = String(e && e.message || e);
    }
  }
  const model = buildModel(tfl, wi);
  const weights = layerWeights(model);
  const json = JSON.parse(model.toJSON());
  const again = await tfl.models.modelFromJSON({ modelTopology: json });
  return {
    tfBackend: tf.getBackend(),
    initialised,
    backend: wi.backend(),
    classes,
    classesHash: await sha256(values),
    weightShapes: weights.map((w) => w.length),
    weightsHash: await sha256(weights),
    reloadedHash: await sha256(layerWeights(again)),
  };
}
