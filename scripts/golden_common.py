"""What several golden scripts share; imported by them, never run. No side effects at import."""


def error_of(fn):
    """The error fn raises, as {type, message}, or None where this PyTorch accepts the call."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - every error is a golden value
        return {"type": type(e).__name__, "message": str(e)}
    return None
