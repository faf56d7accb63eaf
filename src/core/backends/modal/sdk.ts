// Entry of dist/modal.js: the Modal SDK bundled on its own, loaded on the first launch only.
export * from 'modal';
