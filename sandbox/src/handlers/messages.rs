//! `POST .../send-message`: a message to the other party, with files
//! (multipart: an `input` part and `message_document` parts).

use axum::extract::{Extension, Request, State};
use axum::response::Response;
use disputes_api::types;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::handlers::{BodySpec, DisputePath, Shared, Success, act};
use crate::transitions::Command;

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
