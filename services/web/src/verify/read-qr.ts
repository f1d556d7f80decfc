import jsQR from 'jsqr';

/** The longest side an image is scaled to before QR detection (phone photos are much larger; QR codes need less). */
const MAX_SIDE = 2048;

/** A reason the page can name: no QR code in the picture, or no camera. */
export class QrInputError extends Error {
  constructor(readonly reason: 'no_qr_found' | 'camera_unavailable') {
    super(reason);
  }
}

function pixels(source: CanvasImageSource, width: number, height: number, canvas = document.createElement('canvas')) {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

/** The raw payload bytes of the QR code in an image file (PNG, JPEG, ...): byte mode keeps a DIVOC zip intact. */
export async function readQrFromImage(file: Blob): Promise<Uint8Array> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new QrInputError('no_qr_found');
  }
  const image = pixels(bitmap, bitmap.width, bitmap.height);
  bitmap.close();
  const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  if (!found) throw new QrInputError('no_qr_found');
  return Uint8Array.from(found.binaryData);
}

/**
 * Shows the back camera in `video` and reads frames until a QR code is found, then stops the camera and calls
 * `onPayload` (never before this function has returned). Returns a function that stops scanning.
 * @throws QrInputError `camera_unavailable` when there is no camera or access is refused.
 */
export async function scanWithCamera(video: HTMLVideoElement, onPayload: (payload: Uint8Array) => void): Promise<() => void> {
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch {
    throw new QrInputError('camera_unavailable');
  }
  const canvas = document.createElement('canvas');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  const tick = () => {
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      const image = pixels(video, video.videoWidth, video.videoHeight, canvas);
      const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
      if (found) {
        stop();
        onPayload(Uint8Array.from(found.binaryData));
        return;
      }
    }
    timer = setTimeout(tick, 200);
  };
  video.srcObject = stream;
  await video.play();
  timer = setTimeout(tick, 0);
  return stop;
}
