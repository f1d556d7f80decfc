// The verifier page's service worker: keeps /verify and its hashed assets so that the page also reloads offline
// (the trust list and status lists are kept in localStorage by the page). Certificates and the portal's
// lookups are never cached.
const CACHE = 'healthcred-verifier-v1';
const PAGE = '/verify';

async function cachePage() {
  const cache = await caches.open(CACHE);
  const page = await fetch(PAGE, { cache: 'no-cache' });
  if (!page.ok) return;
  const assets = new Set((await page.clone().text()).match(/\/assets\/[\w.-]+/g) ?? []);
  await cache.addAll([...assets]);
  await cache.put(PAGE, page);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cachePage().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

/** Hashed assets never change: from the cache when there, else fetched and kept. */
async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

/** The page: fresh when the issuer answers, else the kept copy. */
async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(CACHE)).put(PAGE, response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(PAGE);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(event.request));
  else if (url.pathname === PAGE) event.respondWith(networkFirst(event.request));
});
