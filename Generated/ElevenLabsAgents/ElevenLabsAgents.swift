// ElevenLabsAgents: the ElevenLabs agent deployments API.
//
// Every other file in this folder is generated from specs/elevenlabs-deployments.yaml by
// `make generate` (configuration: specs/elevenlabs-deployments.oasgen.yaml). This file is
// written by hand so the module exists, and the package loads, even before anything is generated.
