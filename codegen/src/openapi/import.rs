//! Import: any OpenAPI 3.0 document (JSON or YAML) to the model.
