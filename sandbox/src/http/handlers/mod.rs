//! The endpoints. Body parsing is in [`body`], the pipeline every action
//! goes through in [`pipeline`]; the endpoint files only say how their
//! body becomes a [`Command`](crate::domain::transitions::Command).

pub mod admin;
pub mod body;
pub mod evidence;
pub mod messages;
pub mod oauth;
pub mod offers;
pub mod pipeline;
pub mod read;
pub mod review;
pub mod update;
