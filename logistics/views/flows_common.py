"""What the flow views share: a service's line errors shown next to the line's field."""

from campus.errors import ServiceError, show_errors


def line_errors(form, formset, error) -> None:
    """``lines-<n>-<field>`` errors next to that field of the n-th line form (n counts the forms
    handed to the service, in the formset's order); the rest on ``form``."""
    if not hasattr(error, "error_dict"):
        show_errors(form, error)
        return
    forms = [f for f in formset.forms if f.has_changed()] if formset.extra else list(formset.forms)
    header = {}
    for key, errors in error.error_dict.items():
        parts = key.split("-", 2)
        if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit() and int(parts[1]) < len(forms):
            line_form, field = forms[int(parts[1])], parts[2]
            line_form.add_error(field if field in line_form.fields else None, errors)
        else:
            header[key] = errors
    if header:
        show_errors(form, ServiceError(header))
