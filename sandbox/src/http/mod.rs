//! The HTTP side: the app every handler shares, the middleware (auth,
//! faults), the routes and the handlers. Built on [`crate::state`] and
//! [`crate::domain`]; nothing below imports it.

pub mod app;
pub mod auth;
pub mod document;
pub mod faults;
pub mod handlers;
pub mod middleware;
pub mod render;
pub mod server;
pub mod validate;
