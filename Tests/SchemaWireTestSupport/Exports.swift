// The random schema, value and message generators live in a target of their own (the fuzz
// harnesses use them without the test oracles' C libraries); tests get them from here as before.
@_exported import SchemaWireRandomValues
