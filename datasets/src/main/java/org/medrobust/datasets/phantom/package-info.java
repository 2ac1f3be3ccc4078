/**
 * The embedded default data set: procedural phantoms with and without a lesion, so the suite runs with no files.
 * Entry point: {@link org.medrobust.datasets.phantom.PhantomData}.
 */
package org.medrobust.datasets.phantom;
