import { OfferLookup, type OfferRef, type ProductRef } from '@ferry/domain';
import { columnOf, ConfigError, isBlankCell, trimCell, type IssueInit, type Row, type SinkContext } from '@ferry/sdk';

/** Names remembered for the run (found or not); past this the memory is let go and refilled. */
const MAX_CACHED_NAMES = 10_000;

/** What a product name resolves to: its own offer, none such product, or a name clash. */
type ProductOffer = { offerId: number } | 'unknown' | 'conflict';

const nameKey = (value: unknown): string => trimCell(String(value), true).toLowerCase();

/**
 * Decides which offer each row grants: its `offer` cell, else its `product`
 * cell (the product's own offer, created when missing), else the configured
 * offer. Lookups are cached for the run; a dry-run numbers the offers it
 * would create instead of creating them.
 */
export class OfferResolver {
  private readonly offers = new Map<string, OfferRef | null>();
  private readonly products = new Map<string, ProductOffer>();
  private nextDryRunOfferId = -1;

  private constructor(private readonly fallback: OfferRef | undefined) {}

  /** Checks the configured offer before anything is written. */
  static async open(offer: string | undefined, context: SinkContext): Promise<OfferResolver> {
    if (offer === undefined) return new OfferResolver(undefined);
    const lookup = new OfferLookup(context.db);
    const found = (await lookup.offersByKey(context.workspaceId, [nameKey(offer)])).get(nameKey(offer));
    if (!found) {
      const known = await lookup.offerNames(context.workspaceId);
      const list = known.length ? ` Offers: ${known.join(', ')}${known.length === 10 ? ', …' : ''}.` : ' The workspace has no offers yet.';
      throw new ConfigError('unknown_offer', `There is no offer named "${offer}" to grant.${list}`, { offer });
    }
    return new OfferResolver(found);
  }

  /** One per row: the offer id to grant, or the row's error. */
  async resolve(rows: Row[], context: SinkContext): Promise<(number | IssueInit)[]> {
    await this.lookUp(rows, context);
    return rows.map((row) => this.choose(row));
  }

  private choose(row: Row): number | IssueInit {
    const { offer, product } = row.values;
    if (!isBlankCell(offer)) {
      const found = this.offers.get(nameKey(offer));
      if (found) return found.id;
      return { column: columnOf(row, 'offer'), value: offer, code: 'unknown_offer', message: `There is no offer named "${trimCell(String(offer), true)}"; check the name or create the offer first.` };
    }
    if (!isBlankCell(product)) {
      const found = this.products.get(nameKey(product));
      if (found && typeof found === 'object') return found.offerId;
      const name = trimCell(String(product), true);
      return found === 'conflict'
        ? {
            column: columnOf(row, 'product'),
            value: product,
            code: 'product_offer_conflict',
            message: `An offer named "${name}" exists but does not grant exactly the product "${name}"; name the offer to grant in an offer column instead.`,
          }
        : { column: columnOf(row, 'product'), value: product, code: 'unknown_product', message: `There is no product named "${name}"; check the name or create the product first.` };
    }
    if (this.fallback) return this.fallback.id;
    return {
      column: columnOf(row, 'offer'),
      value: offer,
      code: 'missing_offer',
      message: 'The row names no offer or product to grant; fill one in, or set the offer option for the whole file.',
    };
  }

  /** Finds the offer and product names the run has not seen yet: at most one statement each (and one to create products' own offers). */
  private async lookUp(rows: Row[], context: SinkContext): Promise<void> {
    const offerKeys = new Set<string>();
    const productKeys = new Set<string>();
    for (const { values } of rows) {
      if (!isBlankCell(values.offer)) {
        const key = nameKey(values.offer);
        if (!this.offers.has(key)) offerKeys.add(key);
      } else if (!isBlankCell(values.product)) {
        const key = nameKey(values.product);
        if (!this.products.has(key)) productKeys.add(key);
      }
    }
    const lookup = new OfferLookup(context.db);
    if (offerKeys.size) {
      if (this.offers.size + offerKeys.size > MAX_CACHED_NAMES) this.offers.clear();
      const found = await lookup.offersByKey(context.workspaceId, [...offerKeys]);
      for (const key of offerKeys) this.offers.set(key, found.get(key) ?? null);
    }
    if (productKeys.size) {
      if (this.products.size + productKeys.size > MAX_CACHED_NAMES) this.products.clear();
      const found = await lookup.productsByKey(context.workspaceId, [...productKeys]);
      const created = await this.createOwnOffers([...found.values()], lookup, context);
      for (const key of productKeys) {
        const product = found.get(key);
        const offerId = product && (product.offerId ?? created.get(product.id));
        this.products.set(key, !product ? 'unknown' : offerId !== undefined && offerId !== null ? { offerId } : 'conflict');
      }
    }
  }

  /** Own offers of products that lack one and whose name is free; a dry-run only numbers them. */
  private async createOwnOffers(products: ProductRef[], lookup: OfferLookup, context: SinkContext): Promise<Map<number, number>> {
    const wanted = products.filter((p) => p.offerId === null && !p.nameTaken);
    if (context.dryRun) return new Map(wanted.map((p) => [p.id, this.nextDryRunOfferId--]));
    const created = await lookup.createProductOffers(context.workspaceId, wanted);
    const raced = wanted.filter((p) => !created.has(p.id));
    if (raced.length) {
      // Another run created some of them meanwhile: take theirs when it is the product's own offer.
      const again = await lookup.productsByKey(context.workspaceId, raced.map((p) => p.nameKey));
      for (const p of again.values()) if (p.offerId !== null) created.set(p.id, p.offerId);
    }
    return created;
  }
}
