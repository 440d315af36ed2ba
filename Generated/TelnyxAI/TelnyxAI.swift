// TelnyxAI: the Telnyx AI Assistants canary-deploy API.
//
// Every other file in this folder is generated from specs/telnyx-canary.yaml by `make generate`
// (configuration: specs/telnyx-canary.oasgen.yaml). This file is written by hand so the module
// exists, and the package loads, even before anything is generated.
