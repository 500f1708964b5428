//! `POST .../send-message`: a message to the other party, with files
//! (multipart: an `input` part and `message_document` parts).

use axum::extract::{Extension, Request, State};
use axum::response::Response;
use disputes_api::types;

use crate::domain::error::ApiError;
use crate::domain::transitions::Command;
use crate::http::app::{DisputePath, Shared};
use crate::http::auth::Caller;
use crate::http::handlers::body::BodySpec;
use crate::http::handlers::pipeline::{Success, act};

/// `POST .../send-message`.
pub async fn send_message(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    request: Request,
) -> Response {
    let spec = BodySpec::Multipart {
        input: "SendMessageInput",
        input_required: true,
        files: "message_document",
    };
    act(
        &app,
        &caller,
        &id,
        request,
        spec,
        Success::Links,
        |parsed| {
            let input: types::SendMessageInput = parsed.decode()?.ok_or_else(ApiError::internal)?;
            Ok(Command::SendMessage {
                message: input.message,
                files: parsed.files,
            })
        },
    )
    .await
}
