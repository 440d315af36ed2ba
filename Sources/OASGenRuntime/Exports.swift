// Generated clients name `ClientTransport`, `ClientMiddleware`, `URLSessionTransport` and the
// HTTP types in their public API; re-exporting them lets `import OASGenRuntime` be enough for
// code that calls a generated client.
@_exported import HTTPTypes
@_exported import OpenAPIRuntime
@_exported import OpenAPIURLSession
