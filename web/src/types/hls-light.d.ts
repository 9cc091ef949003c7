// hls.js ships its "light" build (no subtitles, DRM, alternate audio or CMCD, which live camera
// streams don't use; about a third smaller) without its own typings: it has the full build's API.
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}
