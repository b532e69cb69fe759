"""The case page's action closing a referral as a duplicate of another case of the person."""

from flask_babel import gettext as _
from flask_login import current_user

from ..permissions import role_required
from . import bp
from .duplicates import close_as_duplicate, duplicate_choices, same_person_summary
from .forms import DuplicateForm
from .views import CASE_ROLES, load_case_for_update, run_action


@bp.post("/cases/<int:case_id>/close-duplicate")
@role_required(*CASE_ROLES)
def case_close_duplicate(case_id):
    """Close a referral duplicating another case of the same person, once confirmed."""
    case = load_case_for_update(case_id)
    form = DuplicateForm()
    form.original_id.choices = duplicate_choices(same_person_summary(case)["possible_duplicates"])
    return run_action(
        case,
        "duplicate_form",
        form,
        lambda form: close_as_duplicate(case, form.original_id.data, by=current_user),
        _("The case was closed as a duplicate."),
    )
