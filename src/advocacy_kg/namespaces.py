"""The project's namespaces: one definition, used by every module (typos fail at import).

``AKG`` lists every term of the ontology (``ontology/advocacy-kg.ttl``); a test checks that
the two agree, so a term cannot exist in one and not the other.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT as DCAT
from rdflib.namespace import DCTERMS as DCTERMS
from rdflib.namespace import FOAF as FOAF
from rdflib.namespace import OWL as OWL
from rdflib.namespace import PROV as PROV
from rdflib.namespace import RDF as RDF
from rdflib.namespace import RDFS as RDFS
from rdflib.namespace import SKOS as SKOS
from rdflib.namespace import XSD as XSD
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

#: External vocabularies used in alignments and data. RDF, RDFS, OWL, XSD, SKOS, DCTERMS, PROV,
#: FOAF and DCAT are rdflib's own namespaces, imported (and re-exported) above: a misspelt term
#: of the closed ones fails at import.
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
DPV = Namespace("https://w3id.org/dpv#")
SH = Namespace("http://www.w3.org/ns/shacl#")
#: Wikidata entities (``wd:``); alignments and reconciliation also accept the https spelling.
WD = Namespace("http://www.wikidata.org/entity/")
WIKIDATA_SITE = "https://www.wikidata.org/"
WD_HTTPS_NS = WIKIDATA_SITE + "entity/"

# Plain strings of the same IRIs, for code that compares, formats or hands IRIs to pyoxigraph as
# text: an rdflib URIRef never equals a str (``RDFS.label != "...#label"``), so these are str.
RDF_NS = str(RDF)
RDFS_NS = str(RDFS)
OWL_NS = str(OWL)
XSD_NS = str(XSD)
SKOS_NS = str(SKOS)
DCTERMS_NS = str(DCTERMS)
PROV_NS = str(PROV)
FOAF_NS = str(FOAF)
DCAT_NS = str(DCAT)
SH_NS = str(SH)
VOID_NS = str(VOID)
WD_NS = str(WD)
#: SPDX terms (licences and checksums in the dataset description).
SPDX_NS = "http://spdx.org/rdf/terms#"
#: SPDX licence identifiers as IRIs (release metadata).
SPDX_LICENCES = "https://spdx.org/licenses/"
#: The XML namespace of SPARQL query results (W3C), not an RDF vocabulary.
SPARQL_RESULTS_XML_NS = "http://www.w3.org/2005/sparql-results#"

RDF_TYPE = str(RDF.type)
RDF_STATEMENT = str(RDF.Statement)
RDF_PROPERTY = str(RDF.Property)
RDF_LANG_STRING = str(RDF.langString)
RDFS_LABEL = str(RDFS.label)
RDFS_SUBCLASS_OF = str(RDFS.subClassOf)
RDFS_SEE_ALSO = str(RDFS.seeAlso)
OWL_SAME_AS = str(OWL.sameAs)
OWL_VERSION_INFO = str(OWL.versionInfo)
XSD_STRING = str(XSD.string)
XSD_INTEGER = str(XSD.integer)
XSD_DATE = str(XSD.date)
XSD_DATETIME = str(XSD.dateTime)
SKOS_PREF_LABEL = str(SKOS.prefLabel)
SKOS_EXACT_MATCH = str(SKOS.exactMatch)
SKOS_CONCEPT_SCHEME = str(SKOS.ConceptScheme)
DCTERMS_TITLE = str(DCTERMS.title)
DCTERMS_DATE = str(DCTERMS.date)
DCTERMS_SOURCE = str(DCTERMS.source)
DCTERMS_DESCRIPTION = str(DCTERMS.description)
PROV_WAS_DERIVED_FROM = str(PROV.wasDerivedFrom)
VOID_TRIPLES = VOID_NS + "triples"

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
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "owl": OWL_NS,
    "xsd": XSD_NS,
    "skos": SKOS_NS,
    "dcterms": DCTERMS_NS,
    "prov": PROV_NS,
    "foaf": FOAF_NS,
    "org": str(ORG),
    "schema": str(SCHEMA),
    "eli": str(ELI),
    "oa": str(OA),
    "dpv": str(DPV),
}


def sparql_prologue() -> str:
    """PREFIX declarations for every prefix in ``PREFIXES``."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
