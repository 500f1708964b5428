//! The endpoints. Every action goes through one handler ([`action`]):
//! its body and answer are read from the document ([`endpoint`]), parsed
//! in [`body`], and carried through the [`pipeline`].

pub mod action;
pub mod admin;
pub mod body;
pub mod endpoint;
pub mod oauth;
pub mod pipeline;
pub mod read;
pub mod update;
