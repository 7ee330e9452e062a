"""The project's namespaces: one definition, used by every module (typos fail at import).

``AKG`` lists every term of the ontology (``ontology/advocacy-kg.ttl``); a test checks that
the two agree, so a term cannot exist in one and not the other.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, URIRef

from . import config


class AKG(DefinedNamespace):
    """Classes and properties of the advocacy knowledge graph ontology."""

    _NS = Namespace(config.ONTOLOGY)
    _fail = True

    # Advocacy actions
    AdvocacyAction: URIRef
    OpenLetter: URIRef
    Petition: URIRef
    CitizensInitiative: URIRef
    Campaign: URIRef
    Report: URIRef
    # Agents
    Organisation: URIRef
    Coalition: URIRef
    PublicBody: URIRef
    Person: URIRef
    Membership: URIRef
    PublicOffice: URIRef
    OfficeHolding: URIRef
    # Letters and what they ask
    Addressing: URIRef
    Demand: URIRef
    StatedCount: URIRef
    # Law and events
    Legislation: URIRef
    Bill: URIRef
    Regulation: URIRef
    LegislativeProposal: URIRef
    Provision: URIRef
    LegislativeStage: URIRef
    Event: URIRef
    Quotation: URIRef
    # Provenance
    SourceDocument: URIRef
    Claim: URIRef

    # Advocacy actions
    signatory: URIRef
    organisedBy: URIRef
    partOfCampaign: URIRef
    addressedTo: URIRef
    qualifiedAddressing: URIRef
    addressee: URIRef
    inOffice: URIRef
    makesDemand: URIRef
    buildsOn: URIRef
    respondsTo: URIRef
    mentions: URIRef
    statedSignatoryCount: URIRef
    statedMemberCount: URIRef
    statedSupportCount: URIRef
    exactCount: URIRef
    moreThan: URIRef
    approximately: URIRef
    fewerThan: URIRef
    # Demands
    demandType: URIRef
    targetsPractice: URIRef
    concernsLegislation: URIRef
    jurisdiction: URIRef
    # Agents
    memberOf: URIRef
    organisationType: URIRef
    member: URIRef
    organisation: URIRef
    roleTitle: URIRef
    holder: URIRef
    office: URIRef
    officeIn: URIRef
    # Time
    date: URIRef
    startDate: URIRef
    endDate: URIRef
    # Legislation
    officialTitle: URIRef
    celexNumber: URIRef
    eliIdentifier: URIRef
    documentNumber: URIRef
    procedureNumber: URIRef
    stage: URIRef
    stageType: URIRef
    partOfLegislation: URIRef
    text: URIRef
    # Quotations
    quotationText: URIRef
    spokenBy: URIRef
    speakerRole: URIRef
    quotedIn: URIRef
    # Provenance
    source: URIRef
    quote: URIRef
    Inference: URIRef
    reasoning: URIRef
    conflictsWith: URIRef
    publisherName: URIRef
    webAddress: URIRef
    fullText: URIRef
    excerpt: URIRef
    seedFile: URIRef


#: Concept schemes (SKOS) under ``concept/``.
CONCEPT = Namespace(config.CONCEPT)
TECHNOLOGY = Namespace(config.CONCEPT + "technology/")
DEMAND_TYPE = Namespace(config.CONCEPT + "demand-type/")
ORGANISATION_TYPE = Namespace(config.CONCEPT + "organisation-type/")
JURISDICTION = Namespace(config.CONCEPT + "jurisdiction/")
LEGISLATIVE_STAGE = Namespace(config.CONCEPT + "legislative-stage/")

#: Entities, claims and graphs.
ID = Namespace(config.ENTITY)
CLAIM = Namespace(config.CLAIM)
GRAPH = Namespace(config.GRAPH)

#: External vocabularies used in alignments and data.
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
DPV = Namespace("https://w3id.org/dpv#")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: The prefix map shown to users (query editor, Turtle output, JSON-LD context).
PREFIXES: dict[str, str] = {
    "akg": config.ONTOLOGY,
    "id": config.ENTITY,
    "claim": config.CLAIM,
    "graph": config.GRAPH,
    "tech": str(TECHNOLOGY),
    "demandtype": str(DEMAND_TYPE),
    "orgtype": str(ORGANISATION_TYPE),
    "jurisdiction": str(JURISDICTION),
    "stage": str(LEGISLATIVE_STAGE),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": str(ORG),
    "schema": str(SCHEMA),
    "eli": str(ELI),
    "oa": str(OA),
    "dpv": str(DPV),
}


def sparql_prologue() -> str:
    """PREFIX declarations for every prefix in ``PREFIXES``."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
