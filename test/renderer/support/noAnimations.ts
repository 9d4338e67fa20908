// Component tests check what a page shows, not how it moves. happy-dom's Animation rejects its
// `finished` promise when a Fluent dialog's closing motion is cancelled, with nobody listening
// (browsers mark that promise as handled), and vitest reports each as an unhandled error. Fluent
// skips an element whose animate() gives nothing back, so here no element animates.
Element.prototype.animate = function noAnimation(): Animation {
  return null as unknown as Animation;
};
