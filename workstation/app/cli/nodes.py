"""``nodes list|add|remove|echo``: the remote DICOM nodes of the settings dialog, from a script.

The same file as the GUI (``nodes.json``, written atomically by
:func:`workstation.net.save_config`), so a node added here appears in the window.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from workstation.app.cli import _net
from workstation.app.cli._output import CliError, print_json

RETRIEVE_METHODS = ("get", "move", "wado")  #: workstation.net.RetrieveMethod values
AUTH_KINDS = ("none", "basic", "bearer")  #: workstation.net.Auth values


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("nodes", help="remote DICOM nodes (PACS, modalities, DICOMweb servers)")
    sub = p.add_subparsers(dest="nodes_command", metavar="ACTION", required=True)

    show = sub.add_parser("list", help="the configured nodes and our own AE")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=run_list)

    add = sub.add_parser("add", help="add a node (or replace one with --replace)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--protocol", choices=("dimse", "dicomweb"), default="dimse")
    add.add_argument("--aet", default="", help="the node's AE title (DIMSE)")
    add.add_argument("--host", default="", help="host name or address (DIMSE)")
    add.add_argument("--port", type=int, default=None, help="DIMSE port, e.g. 104 or 4242")
    add.add_argument("--url", default="", help="DICOMweb service root, e.g. http://pacs:8042/dicom-web")
    add.add_argument("--method", choices=RETRIEVE_METHODS, default=None,
                     help="how to retrieve: get (C-GET), move (C-MOVE to our SCP) or wado (WADO-RS); "
                          "default get for DIMSE, wado for DICOMweb")
    add.add_argument("--tls", action="store_true", help="DICOM TLS (DIMSE) or HTTPS trust settings (DICOMweb)")
    add.add_argument("--ca-file", default="", help="CA certificates to trust (PEM); default: the system's")
    add.add_argument("--cert-file", default="", help="our client certificate (PEM)")
    add.add_argument("--key-file", default="", help="the key of our client certificate (PEM)")
    add.add_argument("--auth", choices=AUTH_KINDS, default="none", help="DICOMweb authentication")
    add.add_argument("--user", default="", help="DICOMweb user (--auth basic)")
    add.add_argument("--password", default="", help="DICOMweb password (--auth basic)")
    add.add_argument("--token", default="", help="DICOMweb bearer token (--auth bearer)")
    add.add_argument("--replace", action="store_true", help="replace a node of the same name")
    add.add_argument("--json", action="store_true")
    add.set_defaults(run=run_add)

    remove = sub.add_parser("remove", help="remove a node")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(run=run_remove)

    echo = sub.add_parser("echo", help="check that a node answers (C-ECHO, or a QIDO-RS search)")
    echo.add_argument("name", metavar="NAME")
    echo.add_argument("--json", action="store_true")
    echo.set_defaults(run=run_echo)


def node_row(node) -> dict:
    """A node as ``--json`` shows it: everything but secrets."""
    return {"name": node.name, "protocol": node.protocol.value, "ae_title": "" if node.is_dicomweb else node.ae_title,
            "host": "" if node.is_dicomweb else node.host, "port": None if node.is_dicomweb else node.port,
            "url": node.base_url, "retrieve_method": node.retrieve_method.value, "tls": node.tls,
            "auth": node.auth.value}


def run_list(args: argparse.Namespace) -> int:
    cfg = _net.config()
    if args.json:
        print_json({"local": {"ae_title": cfg.local.ae_title, "port": cfg.local.port, "bind_all": cfg.local.bind_all,
                              "tls": cfg.local.tls},
                    "nodes": [node_row(n) for n in cfg.nodes]})
        return 0
    print(f"our AE: {cfg.local.ae_title}, storage SCP port {cfg.local.port}"
          f"{' on every interface' if cfg.local.bind_all else ' (this computer only)'}")
    if not cfg.nodes:
        print("no nodes configured (add one with `workstation nodes add NAME --aet AET --host HOST --port PORT`)")
    for n in cfg.nodes:
        where = n.base_url if n.is_dicomweb else f"{n.ae_title}@{n.host}:{n.port}"
        print(f"{n.name:<16} {n.protocol.value:<8} {where:<40} retrieve {n.retrieve_method.value}"
              f"{'  TLS' if n.tls else ''}")
    return 0


def _new_node(args: argparse.Namespace):
    from workstation.net import Auth, Protocol, RemoteNode, RetrieveMethod

    web = args.protocol == "dicomweb"
    if web and not args.url:
        raise CliError("a DICOMweb node needs --url http(s)://HOST:PORT/ROOT", 2)
    if not web and not (args.aet and args.host and args.port is not None):
        raise CliError("a DIMSE node needs --aet, --host and --port", 2)
    fields: dict = {"name": args.name, "protocol": Protocol.DICOMWEB if web else Protocol.DIMSE,
                    "base_url": args.url, "tls": args.tls, "ca_file": args.ca_file, "cert_file": args.cert_file,
                    "key_file": args.key_file, "auth": Auth(args.auth), "username": args.user,
                    "password": args.password, "token": args.token}
    if not web:
        fields.update(ae_title=args.aet, host=args.host, port=args.port)
    if args.method:
        fields["retrieve_method"] = RetrieveMethod(args.method)
    try:
        return RemoteNode(**fields)
    except (TypeError, ValueError) as exc:
        raise CliError(str(exc), 2) from exc


def run_add(args: argparse.Namespace) -> int:
    from workstation.net import default_config_path, save_config

    cfg = _net.config()
    node = _new_node(args)
    if not args.replace and any(n.name == node.name for n in cfg.nodes):
        raise CliError(f"a node named {node.name!r} exists; use --replace, or `workstation nodes remove` first")
    save_config(cfg.with_node(node), default_config_path())
    if args.json:
        print_json(node_row(node))
    else:
        print(f"added {node.describe()}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from workstation.net import default_config_path, save_config

    cfg = _net.config()
    node = _net.node(cfg, args.name)
    rules = [r for r in cfg.forward_rules if r.node == node.name]
    if rules:
        raise CliError(f"node {node.name!r} is the target of {len(rules)} forward rule(s); "
                       f"remove them in the settings first")
    save_config(replace(cfg, nodes=tuple(n for n in cfg.nodes if n.name != node.name)), default_config_path())
    print(f"removed {node.describe()}")
    return 0


def run_echo(args: argparse.Namespace) -> int:
    from workstation.net import verify

    cfg = _net.config()
    node = _net.node(cfg, args.name)
    result = verify(node, cfg.local)
    if args.json:
        print_json({"node": node.name, "ok": result.ok, "message": result.message,
                    "elapsed_ms": round(result.elapsed_s * 1000, 1), "status": result.status})
        return 0 if result.ok else 1
    if not result.ok:
        raise CliError(result.message)
    print(result.message)
    return 0
