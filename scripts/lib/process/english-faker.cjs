// Preloaded into the Prism process (`node --require`): Prism's
// `require("@faker-js/faker")` gets faker's English-only build instead of the
// build with every locale. Prism only ever uses the default instance, whose
// locale is English and which it never switches, so it generates the same
// data (checked with a seed on the whole spec); reading the other 50-odd
// locales was about 1.2 s of CPU of each Prism start (a third of it on a
// small spec, a seventh on the whole one).
"use strict";
const Module = require("node:module");

/**
 * The English build, resolved from the same place as the full one would be,
 * wrapped in the full build's export shape (Prism reads `.default`). A faker
 * whose English build is not a faker instance (as in faker 6, which Prism 5
 * uses) gets the full build, as without this preload.
 */
const shims = new Map();
function englishFaker(load, self, parent, isMain) {
  const english = load.call(self, "@faker-js/faker/locale/en", parent, isMain);
  if (typeof english?.seed !== "function") return load.call(self, "@faker-js/faker", parent, isMain);
  if (!shims.has(english)) shims.set(english, Object.freeze({ __esModule: true, default: english, faker: english, Faker: english.constructor }));
  return shims.get(english);
}

const load = Module._load;
Module._load = function loadEnglishFaker(request, parent, isMain) {
  return request === "@faker-js/faker" ? englishFaker(load, this, parent, isMain) : load.call(this, request, parent, isMain);
};
