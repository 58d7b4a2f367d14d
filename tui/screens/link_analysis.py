"""Link analysis of one record: the suspects, companies and seizures connected to it, as a
tree (each with the link role or the shared identifier that connects it), and the
identifiers not followed. Enter opens the record under the cursor; ``h`` changes the
number of hops (1 to 4)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Static, Tree

from ncen_core.errors import NcenError
from ncen_core.network import Network
from ncen_core.records import RecordRef
from ncen_tui import keys
from ncen_tui.data.display import visible
from ncen_tui.data.link_tree import TreeEntry, explore_record, network_tree
from ncen_tui.screens.base import SessionScreen

MAX_HOPS = 4


class LinkAnalysisScreen(SessionScreen):
    """The network around ``ref``."""

    WHERE = "Link analysis"
    BINDINGS = keys.bindings("links.hops")
    DEFAULT_CSS = """
    LinkAnalysisScreen #links-summary { height: auto; padding: 0 1; }
    LinkAnalysisScreen Tree { height: 1fr; }
    LinkAnalysisScreen #links-skipped { height: auto; max-height: 5; padding: 0 1; }
    """

    def __init__(self, ref: RecordRef, hops: int = 2) -> None:
        super().__init__()
        self.ref, self.hops = ref, hops
        self.network: Network | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("exploring the network...", id="links-summary")
        yield Tree("", id="links-tree")
        yield Static("", id="links-skipped", classes="hint")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="links")
    async def load(self) -> None:
        try:
            network = await self.db(explore_record, self.service, self.ref, self.hops)
        except NcenError as exc:
            self.report(exc)
            return
        self.network = network
        self.show(network)

    def show(self, network: Network) -> None:
        root = network_tree(network)
        tree = self.query_one(Tree)
        tree.clear()
        tree.root.set_label(entry_label(root))
        tree.root.data = root.ref
        add_children(tree.root, root)
        tree.root.expand_all()
        tree.focus()
        cut = " (cut at the record limit)" if network.truncated else ""
        self.query_one("#links-summary", Static).update(Text(
            f"{len(network.nodes) - 1} records within {network.hops} hops, "
            f"{len(network.connections)} connections{cut}"))
        skipped = "; ".join(f"{visible(s.kind)} {visible(s.value)} "
                            + ("(stop-list)" if s.holders is None else f"({s.holders} records)")
                            for s in network.skipped)
        self.query_one("#links-skipped", Static).update(
            Text(f"not followed: {skipped}") if skipped else Text(""))

    @on(Tree.NodeSelected)
    def open_node(self, event: Tree.NodeSelected) -> None:
        ref = event.node.data
        if isinstance(ref, RecordRef) and ref != self.ref:
            self.app.open_record(ref)

    def action_hops(self) -> None:
        """1, 2, ... up to :data:`MAX_HOPS`, then back to 1."""
        self.hops = self.hops % MAX_HOPS + 1
        self.load()


def entry_label(entry: TreeEntry) -> Text:
    """``[seizure] FR-1  ← shared phone +33...  (+2 more)``, literally."""
    text = Text()
    text.append(f"[{entry.ref.record_type}] ", style="dim")
    text.append(visible(entry.title))
    if entry.via:
        text.append(f"  ← {visible(entry.via)}", style="italic")
    if entry.also > 0:
        text.append(f"  (+{entry.also} more)", style="dim")
    return text


def add_children(node, entry: TreeEntry) -> None:
    for child in entry.children:
        branch = node.add(entry_label(child), data=child.ref, expand=True)
        add_children(branch, child)
        if not child.children:
            branch.allow_expand = False
