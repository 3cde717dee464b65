import defusedxml.ElementTree as ET
from lxml import etree


def parse_invoice(data):
    # ok: vigil.sast.python.xxe
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(data, parser)


def parse_feed(data):
    # ok: vigil.sast.python.xxe
    return ET.fromstring(data)
