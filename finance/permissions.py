from campus.roles import STAFF_ROLES, Role

RULES = {
    Role.DIRECTOR: [
        "view_*", "change_financesettings", "add_feestandard", "change_feestandard", "add_feeitem", "change_feeitem",
        "post_canteenaccount", "add_canteencostline", "approve_reimbursement", "add_reimbursement", "add_monthclose",
    ],
    Role.CASHIER: [
        "view_*", "add_feestandard", "change_feestandard", "add_feeitem", "change_feeitem", "add_ledgerentry",
        "add_canteencostline", "pay_reimbursement", "add_reimbursement", "add_monthclose", "add_parentinvitation",
        "reset_parent_password",
    ],
    **{role: ["add_reimbursement"] for role in STAFF_ROLES if role not in (Role.DIRECTOR, Role.CASHIER)},
}
