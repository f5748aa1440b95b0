// The page's optional features, each a module with `install(instance)` that adds its own panel
// (into the template's data-slot containers) and listens to the instance's events.
import * as exportPanel from './export.js';
import * as history from './history.js';
import * as formulas from './formulas.js';
import * as elbo from './elbo.js';
import * as truth from './truth.js';
import * as bound from './bound.js';
import * as latent from './latent.js';
import * as pca from './pca.js';
import * as inspect from './inspect.js';
import * as compare from './compare.js';
import * as drag from './drag.js';
import * as select from './select.js';
import * as sample from './sample.js';
import * as kl from './kl.js';
import * as language from './language.js';
import * as tour from './tour.js';
import * as share from './share.js';
import * as workers from './workers.js';
export const features = [exportPanel, history, formulas, elbo, truth, inspect, bound, latent, pca, compare, drag, select, sample, kl, language, tour, share, workers];
