//! Every action on a dispute, with its endpoint: the client crate's
//! [`Action`], the one definition both use, so the actions the sandbox
//! links, routes and rules cannot drift from the ones a client reads from
//! its links (`Dispute::allowed_actions`). The router, the links and the
//! rule table are all keyed by it, so a new action cannot have one without
//! the others.

pub use disputes_api::Action;
