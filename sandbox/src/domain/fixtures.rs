//! Inputs that tests of a client against the sandbox need again and again,
//! kept here so the sandbox's own tests and the end-to-end tests cannot
//! drift apart from each other or from what the sandbox accepts.

use crate::domain::wire::build;
use disputes_api::types;

use crate::domain::model::Currency;
#[cfg(test)]
use crate::domain::model::{Amount, Channel, DisputeRecord, Reason, Stage, Status};
#[cfg(test)]
use chrono::Utc;

/// A PDF the sandbox accepts: it judges files by their first bytes, as the
/// client does, so this is all a test upload needs.
pub const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";

/// One whole unit of `currency_code` (`1.00`, or `1` for JPY): an amount
/// every seeded dispute can be offered or refunded. A currency the sandbox
/// does not seed is written with two decimals.
pub fn one_unit(currency_code: &str) -> types::Money {
    let decimals = Currency::parse(currency_code).map_or(2, Currency::decimals);
    let value = match decimals {
        0 => "1".to_owned(),
        n => format!("1.{}", "0".repeat(n as usize)),
    };
    build(
        types::Money::builder()
            .currency_code(currency_code.to_owned())
            .value(value),
    )
}

/// A dispute of 10.00 USD in `stage`, `status` and `reason`, with nothing
/// else on it: the base the domain's unit tests build on.
#[cfg(test)]
pub(crate) fn dispute(stage: Stage, status: Status, reason: Reason) -> DisputeRecord {
    let now = Utc::now();
    DisputeRecord {
        id: "PP-D-1".to_owned(),
        create_time: now,
        update_time: now,
        reason,
        status,
        stage,
        channel: Channel::Internal,
        amount: Amount {
            currency: Currency::Usd,
            minor: 1000,
        },
        transaction: Default::default(),
        buyer_response_due: None,
        seller_response_due: None,
        offer: None,
        offer_history: Vec::new(),
        messages: Vec::new(),
        evidences: Vec::new(),
        supporting_info: Vec::new(),
        history: Vec::new(),
        outcome: None,
        adjudications: Vec::new(),
        money_movements: Vec::new(),
        refunded: Amount::zero(Currency::Usd),
        lost_by: None,
        return_acknowledged: false,
        settles_at: None,
        communication_details: None,
        extensions: None,
        uploads: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_unit_is_one_whole_unit_in_the_currencys_decimals() {
        for currency in Currency::ALL {
            let amount = Amount::from_money(&one_unit(currency.as_str())).expect("an amount");
            assert_eq!(amount.minor, 10_i64.pow(currency.decimals()), "{currency}");
        }
        assert_eq!(one_unit("JPY").value, "1");
        assert_eq!(one_unit("USD").value, "1.00");
    }

    #[test]
    fn the_pdf_is_judged_a_pdf() {
        assert_eq!(
            disputes_api::upload::FileKind::sniff(PDF).map(|k| k.media_type()),
            Some("application/pdf")
        );
    }
}
