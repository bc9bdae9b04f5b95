from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ row.numbers|get_item:figure }}: a dict value by a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
