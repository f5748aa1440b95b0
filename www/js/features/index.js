// The page's optional features, each a module with `install(instance)` that adds its own panel
// (into the template's data-slot containers) and listens to the instance's events.
import * as exportPanel from './export.js';
import * as history from './history.js';
import * as contents from './contents.js';
import * as kl from './kl.js';
import * as truth from './truth.js';
import * as gmm from './gmm.js';
import * as marginal from './marginal.js';
import * as bound from './bound.js';
import * as lowerbound from './lowerbound.js';
import * as toem from './toem.js';
import * as formulas from './formulas.js';
import * as book from './book.js';
import * as compare from './compare.js';
import * as observe from './observe.js';
import * as blog from './blog.js';
import * as glossary from './glossary.js';
import * as elbo from './elbo.js';
import * as inspect from './inspect.js';
import * as latent from './latent.js';
import * as uncertainty from './uncertainty.js';
import * as pca from './pca.js';
import * as drag from './drag.js';
import * as select from './select.js';
import * as sample from './sample.js';
import * as language from './language.js';
import * as tour from './tour.js';
import * as share from './share.js';
import * as workers from './workers.js';
import * as present from './present.js';
import * as exercises from './exercises.js';
import * as vb from './vb.js';
import * as vbcompare from './vbcompare.js';
import * as concentration from './concentration.js';
// The chapter's sections (contents) come before the panels that go into them; within a section
// the panels follow the slides' order.
export const features = [exportPanel, history, contents, kl, truth, gmm, marginal, bound, lowerbound, toem, formulas, book,
  compare, observe, blog, glossary, elbo, inspect, latent, uncertainty, pca, drag, select, sample, language, tour, share, workers, present, exercises, vb,
  vbcompare, concentration];
