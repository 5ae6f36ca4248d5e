from django import forms

from .models import Decision


class SupersedeForm(forms.Form):
    """Mark this decision as superseding an older decision of the same team."""

    older = forms.ModelChoiceField(
        queryset=Decision.objects.none(),
        label="This decision supersedes",
        empty_label="(none)",
        required=False,
    )

    def __init__(self, *args, decision: Decision, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only an earlier decision of the same team; never itself, never one that replaces it.
        self.fields["older"].queryset = (
            Decision.objects.filter(team_id=decision.team_id, created_at__lte=decision.created_at)
            .exclude(pk=decision.pk)
            .exclude(supersedes=decision)
            .order_by("-created_at", "-id")
        )
        self.fields["older"].label_from_instance = lambda d: (
            f"{d.title} ({d.outcome_name}, {d.created_at:%d %b %Y})"
        )
