"""The kinds of data that can be imported, by key (ImportKind values)."""
from danvan.imports.kinds.exemplars import ExemplarImporter
from danvan.imports.kinds.indicator_values import IndicatorValueImporter
from danvan.imports.kinds.initiatives import InitiativeImporter
from danvan.imports.kinds.organizations import OrganizationImporter

IMPORTERS = {
    InitiativeImporter.kind: InitiativeImporter,
    ExemplarImporter.kind: ExemplarImporter,
    IndicatorValueImporter.kind: IndicatorValueImporter,
    OrganizationImporter.kind: OrganizationImporter,
}


def importer_for(kind: str):
    try:
        return IMPORTERS[kind]
    except KeyError:
        raise ValueError(kind) from None
