use feldera_sqllib::SqlString;

/// Keeps the last four digits of a card number.
pub fn mask_card(card_number: SqlString) -> Result<SqlString, Box<dyn std::error::Error>> {
    let digits: String = card_number.str().chars().filter(|c| c.is_ascii_digit()).collect();
    let last4 = &digits[digits.len().saturating_sub(4)..];
    Ok(SqlString::from(format!("**** **** **** {last4}")))
}
