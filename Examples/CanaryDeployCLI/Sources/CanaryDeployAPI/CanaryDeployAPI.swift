// The generated client and models of this module come from `openapi.yaml` through
// OASGenBuildPlugin at build time; nothing generated is committed here.
