#ifndef CYAML_SHIM_H
#define CYAML_SHIM_H
#include <stdlib.h>
#include <yaml.h>

/// Frees what an event owns, as yaml_event_delete does, without clearing the event after:
/// yaml_parser_parse clears it before filling it again, and the second clear (a `rep stos`
/// of 104 bytes per event) was most of yaml_event_delete's time, 3% of a large spec's parse.
/// The event must not be read again until it is parsed into.
static inline void oasgen_yaml_event_free(yaml_event_t *event) {
    switch (event->type) {
    case YAML_SCALAR_EVENT:
        free(event->data.scalar.anchor);
        free(event->data.scalar.tag);
        free(event->data.scalar.value);
        break;
    case YAML_SEQUENCE_START_EVENT:
        free(event->data.sequence_start.anchor);
        free(event->data.sequence_start.tag);
        break;
    case YAML_MAPPING_START_EVENT:
        free(event->data.mapping_start.anchor);
        free(event->data.mapping_start.tag);
        break;
    case YAML_ALIAS_EVENT:
        free(event->data.alias.anchor);
        break;
    default:
        // Document starts own their directives; the other events own nothing.
        yaml_event_delete(event);
        break;
    }
}
#endif
