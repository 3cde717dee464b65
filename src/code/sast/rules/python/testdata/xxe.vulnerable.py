import xml.sax

from lxml import etree


def parse_invoice(data):
    # ruleid: vigil.sast.python.xxe
    parser = etree.XMLParser(resolve_entities=True)
    return etree.fromstring(data, parser)


def parse_feed(stream, handler):
    reader = xml.sax.make_parser()
    # ruleid: vigil.sast.python.xxe
    reader.setFeature(xml.sax.handler.feature_external_ges, True)
    reader.setContentHandler(handler)
    reader.parse(stream)
