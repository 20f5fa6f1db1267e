/**
 * Links between widget traits.
 *
 * - {@link jslink} / {@link jsdlink}: `LinkModel` / `DirectionalLinkModel` (@jupyter-widgets/controls
 *   2.0.0, no view) — the frontend keeps the traits equal without a round trip to the kernel, so a
 *   `Play` animates a slider even while the kernel is busy;
 * - {@link link}: kernel-side, by observers (both ways), for traits the frontend does not see.
 */
import { KernelApiError } from "./errors";
import { controlsSpec, Widget, type AnyWidget, type ChangeEvent } from "./widget";
/** A widget and one of its trait names. */
export type TraitRef = readonly [AnyWidget, string];

interface LinkTraits {
  source: TraitRef;
  target: TraitRef;
}

const refSerializer = {
  toJson: ([w, name]: TraitRef) => [`IPY_MODEL_${w.modelId}`, name],
  fromJson: (j: unknown): TraitRef => {
    throw new KernelApiError("INVALID_ARGUMENT", `a link's ends cannot be changed from the frontend (got ${JSON.stringify(j)})`);
  },
};

function checkRef(which: string, ref: TraitRef): void {
  const [w, name] = ref;
  if (!(name in w.traits())) throw new KernelApiError("INVALID_ARGUMENT", `${which}: ${w.constructor.name} has no trait "${name}"`, { key: name });
}

/** A frontend link between two traits (both ways). */
export class Link extends Widget<LinkTraits> {
  static readonly spec = controlsSpec("LinkModel", null);
  constructor(source: TraitRef, target: TraitRef) {
    checkRef("jslink source", source);
    checkRef("jslink target", target);
    super(Link.spec, { source, target }, {}, { serializers: { source: refSerializer, target: refSerializer } });
  }
  /** Removes the link (closes its comm). */
  unlink(): void {
    this.close();
  }
}

/** A frontend link from `source` to `target` only. */
export class DirectionalLink extends Widget<LinkTraits> {
  static readonly spec = controlsSpec("DirectionalLinkModel", null);
  constructor(source: TraitRef, target: TraitRef) {
    checkRef("jsdlink source", source);
    checkRef("jsdlink target", target);
    super(DirectionalLink.spec, { source, target }, {}, { serializers: { source: refSerializer, target: refSerializer } });
  }
  unlink(): void {
    this.close();
  }
}

/** Links two traits in the frontend, both ways: `jslink([play, "value"], [slider, "value"])`. */
export function jslink(source: TraitRef, target: TraitRef): Link {
  return new Link(source, target);
}

/** Links `source` to `target` in the frontend, one way. */
export function jsdlink(source: TraitRef, target: TraitRef): DirectionalLink {
  return new DirectionalLink(source, target);
}

/**
 * Links two traits in the kernel, both ways (traitlets' `link`): the target takes the source's
 * value now, then each follows the other. Returns a function that removes the link.
 */
export function link(source: TraitRef, target: TraitRef): () => void {
  checkRef("link source", source);
  checkRef("link target", target);
  const [a, an] = source as [Widget<Record<string, unknown>>, string];
  const [b, bn] = target as [Widget<Record<string, unknown>>, string];
  let busy = false;
  const copy = (to: Widget<Record<string, unknown>>, name: string, value: unknown) => {
    if (busy) return;
    busy = true;
    try {
      to.set({ [name]: value });
    } finally {
      busy = false;
    }
  };
  const fa = (c: ChangeEvent<Record<string, unknown>, string>) => copy(b, bn, c.new);
  const fb = (c: ChangeEvent<Record<string, unknown>, string>) => copy(a, an, c.new);
  copy(b, bn, a.get(an));
  a.observe(fa, an);
  b.observe(fb, bn);
  return () => {
    a.unobserve(fa as never);
    b.unobserve(fb as never);
  };
}
