<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
  <context>
    <name>Actions</name>
    <message>
      <location filename="workstation/app/actions.py" line="82" />
      <source>1:1 (one image pixel per screen pixel)</source>
      <translation>1:1 (một điểm ảnh gốc trên một điểm màn hình)</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="24" />
      <source>3D volume rendering</source>
      <translation>Dựng hình thể tích 3D</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="95" />
      <source>About</source>
      <translation>Giới thiệu</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="102" />
      <source>Amend signed report</source>
      <translation>Sửa đổi kết quả đã ký</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="63" />
      <source>Angle</source>
      <translation>Góc</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="64" />
      <source>Angle between two lines</source>
      <translation>Góc giữa hai đường thẳng</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="73" />
      <source>Arrow</source>
      <translation>Mũi tên</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="75" />
      <source>Automatic window</source>
      <translation>Cửa sổ tự động</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="67" />
      <source>Back one page</source>
      <translation>Lùi một trang</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="57" />
      <source>Browse (drag to scroll)</source>
      <translation>Duyệt ảnh (kéo để cuộn)</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="75" />
      <source>Calibrate (line of known length)...</source>
      <translation>Hiệu chuẩn (đường có độ dài đã biết)...</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="72" />
      <source>Cardiothoracic ratio</source>
      <translation>Chỉ số tim-ngực</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="72" />
      <source>Cine bounces (instead of looping)</source>
      <translation>Cine chạy đi-về (thay vì lặp vòng)</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="38" />
      <source>Close study</source>
      <translation>Đóng ca chụp</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="65" />
      <source>Cobb angle</source>
      <translation>Góc Cobb</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="73" />
      <source>Compare with prior study</source>
      <translation>So sánh với ca trước</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="47" />
      <source>Copy image</source>
      <translation>Sao chép ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="48" />
      <source>Copy image without overlays</source>
      <translation>Sao chép ảnh không kèm thông tin hiển thị</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="50" />
      <source>Copy measurement table</source>
      <translation>Sao chép bảng số đo</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="51" />
      <source>Copy selected measurement</source>
      <translation>Sao chép phép đo đang chọn</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="49" />
      <source>Copy the whole layout</source>
      <translation>Sao chép toàn bộ bố cục</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="26" />
      <source>Curved MPR along the selected polyline</source>
      <translation>MPR cong theo đường gấp khúc đang chọn</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="86" />
      <source>DICOM tags...</source>
      <translation>Thẻ DICOM...</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="53" />
      <source>Delete measurement</source>
      <translation>Xóa phép đo</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="56" />
      <source>Edit</source>
      <translation>Chỉnh sửa</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="66" />
      <source>Ellipse ROI</source>
      <translation>ROI hình elip</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="40" />
      <source>Export cine (GIF/MP4)...</source>
      <translation>Xuất cine (GIF/MP4)...</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="39" />
      <source>Export images...</source>
      <translation>Xuất ảnh...</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="106" />
      <source>Export key images as JPEG for HIS/EMR</source>
      <translation>Xuất ảnh chính dạng JPEG cho HIS/EMR</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="60" />
      <source>Export to CD/DVD/USB...</source>
      <translation>Xuất ra CD/DVD/USB...</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="75" />
      <source>File</source>
      <translation>Tệp</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="68" />
      <source>First image</source>
      <translation>Ảnh đầu tiên</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="81" />
      <source>Fit to viewport</source>
      <translation>Vừa khung xem</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="79" />
      <source>Flip horizontally</source>
      <translation>Lật ngang</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="80" />
      <source>Flip vertically</source>
      <translation>Lật dọc</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="66" />
      <source>Forward one page</source>
      <translation>Tiến một trang</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="69" />
      <source>Freehand ROI</source>
      <translation>ROI vẽ tự do</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="25" />
      <source>Fusion (PET/CT, MR)</source>
      <translation>Hợp nhất ảnh (PET/CT, MR)</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="28" />
      <source>Fusion: less of the overlay</source>
      <translation>Hợp nhất: giảm độ đậm lớp phủ</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="27" />
      <source>Fusion: more of the overlay</source>
      <translation>Hợp nhất: tăng độ đậm lớp phủ</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="70" />
      <source>Go to image...</source>
      <translation>Đến ảnh số...</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="71" />
      <source>Height difference</source>
      <translation>Chênh lệch chiều cao</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="95" />
      <source>Help</source>
      <translation>Trợ giúp</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="28" />
      <source>Image</source>
      <translation>Ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="36" />
      <source>Import files, folder or CD...</source>
      <translation>Nhập tệp, thư mục hoặc CD...</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="74" />
      <source>Invert</source>
      <translation>Đảo màu</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="98" />
      <source>Key images panel</source>
      <translation>Bảng ảnh chính</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="93" />
      <source>Keyboard shortcuts</source>
      <translation>Phím tắt</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="69" />
      <source>Last image</source>
      <translation>Ảnh cuối cùng</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="92" />
      <source>Layout</source>
      <translation>Bố cục</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="61" />
      <source>Length</source>
      <translation>Độ dài</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="42" />
      <source>Load presentation state (GSPS)...</source>
      <translation>Mở trạng thái hiển thị (GSPS)...</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="23" />
      <source>MPR / oblique / MIP</source>
      <translation>Tái tạo đa mặt phẳng (MPR) / mặt chéo / MIP</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="61" />
      <source>Magnifying lens</source>
      <translation>Kính lúp</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="97" />
      <source>Mark / unmark key image</source>
      <translation>Đánh dấu / bỏ đánh dấu ảnh chính</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="91" />
      <source>Maximise viewport</source>
      <translation>Phóng to khung xem</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="62" />
      <source>Measure</source>
      <translation>Đo đạc</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="55" />
      <source>Measurements panel</source>
      <translation>Bảng phép đo</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="73" />
      <source>Navigate</source>
      <translation>Điều hướng</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="75" />
      <source>Network / PACS nodes...</source>
      <translation>Mạng / các nút PACS...</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="73" />
      <source>Network jobs</source>
      <translation>Tác vụ mạng</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="64" />
      <source>Next image</source>
      <translation>Ảnh kế tiếp</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="94" />
      <source>Open the log folder</source>
      <translation>Mở thư mục nhật ký</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="71" />
      <source>PACS query / retrieve</source>
      <translation>Tìm kiếm / lấy ảnh từ PACS</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="59" />
      <source>Pan</source>
      <translation>Di chuyển ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="52" />
      <source>Paste measurement on this image</source>
      <translation>Dán phép đo lên ảnh này</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="70" />
      <source>Pixel probe</source>
      <translation>Đo giá trị điểm ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="71" />
      <source>Play / stop cine</source>
      <translation>Phát / dừng cine</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="68" />
      <source>Polygon ROI</source>
      <translation>ROI đa giác</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="62" />
      <source>Polyline length</source>
      <translation>Độ dài đường gấp khúc</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="65" />
      <source>Previous image</source>
      <translation>Ảnh trước</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="62" />
      <source>Print film (DICOM printer, paper, PDF)...</source>
      <translation>In phim (máy in DICOM, giấy, PDF)...</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="44" />
      <source>Quit</source>
      <translation>Thoát</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="74" />
      <source>Received studies</source>
      <translation>Ca chụp đã nhận</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="67" />
      <source>Rectangle ROI</source>
      <translation>ROI hình chữ nhật</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="46" />
      <source>Redo</source>
      <translation>Làm lại</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="90" />
      <source>Reference lines</source>
      <translation>Đường tham chiếu</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="56" />
      <source>Remove calibration of this series</source>
      <translation>Bỏ hiệu chuẩn của loạt ảnh này</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="56" />
      <source>Report</source>
      <translation>Kết quả</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="99" />
      <source>Report editor</source>
      <translation>Soạn kết quả</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="83" />
      <source>Reset view</source>
      <translation>Đặt lại hiển thị</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="77" />
      <source>Rotate 90° clockwise</source>
      <translation>Xoay phải 90°</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="78" />
      <source>Rotate 90° counter-clockwise</source>
      <translation>Xoay trái 90°</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="103" />
      <source>Save key images (KOS)</source>
      <translation>Lưu ảnh chính (KOS)</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="104" />
      <source>Save measurements as SR (TID 1500)</source>
      <translation>Lưu phép đo dạng SR (TID 1500)</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="41" />
      <source>Save measurements as presentation state (GSPS)...</source>
      <translation>Lưu phép đo dạng trạng thái hiển thị (GSPS)...</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="60" />
      <source>Select / move measurements</source>
      <translation>Chọn / di chuyển phép đo</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="105" />
      <source>Send report, key images and measurements to the PACS</source>
      <translation>Gửi kết quả, ảnh chính và phép đo lên PACS</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="72" />
      <source>Send to PACS...</source>
      <translation>Gửi lên PACS...</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="43" />
      <source>Settings...</source>
      <translation>Cài đặt...</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="54" />
      <source>Show measurements</source>
      <translation>Hiện phép đo</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="85" />
      <source>Show overlays</source>
      <translation>Hiện thông tin trên ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="101" />
      <source>Sign report</source>
      <translation>Ký kết quả</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="84" />
      <source>Smooth interpolation</source>
      <translation>Nội suy làm mịn</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="100" />
      <source>Structured reports of the study</source>
      <translation>Báo cáo có cấu trúc (SR) của ca chụp</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="37" />
      <source>Study browser</source>
      <translation>Danh sách ca chụp</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="87" />
      <source>Synchronise scrolling</source>
      <translation>Đồng bộ cuộn ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="89" />
      <source>Synchronise window/level</source>
      <translation>Đồng bộ cửa sổ/mức</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="88" />
      <source>Synchronise zoom and pan</source>
      <translation>Đồng bộ thu phóng và di chuyển</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_tools.py" line="74" />
      <source>Text</source>
      <translation>Chữ chú thích</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="92" />
      <source>Tile images 2x2 in the viewport</source>
      <translation>Xếp 2x2 ảnh trong khung xem</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="61" />
      <source>Tools</source>
      <translation>Công cụ</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="45" />
      <source>Undo</source>
      <translation>Hoàn tác</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="61" />
      <source>Web link to this study...</source>
      <translation>Liên kết web đến ca chụp này...</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="76" />
      <source>Window from file</source>
      <translation>Cửa sổ theo tệp DICOM</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="58" />
      <source>Window/level</source>
      <translation>Cửa sổ/Mức</translation>
    </message>
    <message>
      <location filename="workstation/app/actions.py" line="60" />
      <source>Zoom</source>
      <translation>Thu phóng</translation>
    </message>
  </context>
  <context>
    <name>CalibrationTool</name>
    <message>
      <location filename="tools/qt_calibration.py" line="79" />
      <source>Only acquired images of a series can be calibrated.</source>
      <translation>Chỉ hiệu chuẩn được ảnh gốc của một loạt ảnh.</translation>
    </message>
    <message>
      <location filename="tools/qt_calibration.py" line="98" />
      <source>Series calibrated: %1 mm per pixel</source>
      <translation>Đã hiệu chuẩn loạt ảnh: %1 mm mỗi điểm ảnh</translation>
    </message>
  </context>
  <context>
    <name>Colormaps</name>
    <message>
      <location filename="viewer/qt_display_names.py" line="17" />
      <source>Grey</source>
      <translation>Xám</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="19" />
      <source>Hot iron</source>
      <translation>Hot iron</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="21" />
      <source>Hot metal blue</source>
      <translation>Hot metal blue</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="18" />
      <source>Inverted grey</source>
      <translation>Xám đảo ngược</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="20" />
      <source>PET</source>
      <translation>PET</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="22" />
      <source>PET 20 step</source>
      <translation>PET 20 bậc</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="23" />
      <source>Rainbow</source>
      <translation>Cầu vồng</translation>
    </message>
  </context>
  <context>
    <name>DrawTool</name>
    <message>
      <location filename="tools/qt_measure_tools.py" line="237" />
      <source>The image is not loaded yet: measure when it shows.</source>
      <translation>Ảnh chưa tải xong: hãy đo khi ảnh hiện ra.</translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="49" />
      <source>Anonymise (no name, ID or birth date in pixels or file names)</source>
      <translation>Ẩn danh (không có họ tên, mã hoặc ngày sinh trên ảnh hay trong tên tệp)</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="38" />
      <source>Browse...</source>
      <translation>Chọn...</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="45" />
      <source>Corner text, labels and scale</source>
      <translation>Thông tin góc ảnh, nhãn và thước tỉ lệ</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="30" />
      <source>Export cine</source>
      <translation>Xuất cine</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="30" />
      <source>Export images</source>
      <translation>Xuất ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="63" />
      <source>Export to</source>
      <translation>Xuất ra</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="54" />
      <source>Folder</source>
      <translation>Thư mục</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="51" />
      <source>Format</source>
      <translation>Định dạng</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="53" />
      <source>Images</source>
      <translation>Ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="47" />
      <source>Measurements and annotations</source>
      <translation>Phép đo và chú thích</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="35" />
      <source>The whole series</source>
      <translation>Cả loạt ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="34" />
      <source>This image</source>
      <translation>Ảnh này</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="43" />
      <source>Use the window/level on screen</source>
      <translation>Dùng cửa sổ/mức đang hiển thị</translation>
    </message>
  </context>
  <context>
    <name>GraphicsController</name>
    <message>
      <location filename="workstation/app/graphics_controller.py" line="64" />
      <source>3D is off: OpenGL does not work on this computer (%1). 2D, MPR and fusion work as usual.</source>
      <translation>Đã tắt 3D: OpenGL không hoạt động trên máy này (%1). 2D, MPR và hợp nhất ảnh vẫn dùng bình thường.</translation>
    </message>
    <message>
      <location filename="workstation/app/graphics_controller.py" line="61" />
      <source>3D uses software rendering (%1): volume rendering is slow; a graphics card is recommended</source>
      <translation>3D đang dựng hình bằng phần mềm (%1): dựng hình thể tích sẽ chậm; nên dùng card đồ họa</translation>
    </message>
  </context>
  <context>
    <name>HangingProtocols</name>
    <message>
      <location filename="viewer/qt_display_names.py" line="44" />
      <source>CR/DX chest PA + LAT</source>
      <translation>X-quang ngực thẳng + nghiêng (CR/DX)</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="43" />
      <source>CR/DX chest frontal</source>
      <translation>X-quang ngực thẳng (CR/DX)</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="45" />
      <source>CT</source>
      <translation>CT</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="46" />
      <source>CT axial + coronal</source>
      <translation>CT ngang + đứng ngang</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="47" />
      <source>CT chest</source>
      <translation>CT ngực</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="48" />
      <source>CT chest with prior</source>
      <translation>CT ngực so sánh ca trước</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="49" />
      <source>CT with prior</source>
      <translation>CT so sánh ca trước</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="53" />
      <source>MR</source>
      <translation>MR</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="54" />
      <source>MR brain</source>
      <translation>MR sọ não</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="50" />
      <source>Mammography 4-up</source>
      <translation>Chụp nhũ ảnh 4 ô</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="52" />
      <source>Mammography CC with prior</source>
      <translation>Chụp nhũ ảnh CC so sánh ca trước</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="51" />
      <source>Mammography with prior</source>
      <translation>Chụp nhũ ảnh so sánh ca trước</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="55" />
      <source>PET/CT</source>
      <translation>PET/CT</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="56" />
      <source>default</source>
      <translation>mặc định</translation>
    </message>
  </context>
  <context>
    <name>ImageExport</name>
    <message>
      <location filename="tools/qt_image_export.py" line="140" />
      <source>only stacks of acquired images can be exported this way</source>
      <translation>chỉ xuất được theo cách này với chồng ảnh gốc</translation>
    </message>
    <message>
      <location filename="tools/qt_image_export.py" line="158" />
      <source>the viewport shows no image</source>
      <translation>khung xem không có ảnh</translation>
    </message>
  </context>
  <context>
    <name>ImageExportController</name>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="122" />
      <source>%1 image(s) written to %2</source>
      <translation>Đã ghi %1 ảnh vào %2</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="85" />
      <source>Cancel</source>
      <translation>Hủy</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="140" />
      <source>Cine written to %1</source>
      <translation>Đã ghi cine vào %1</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="100" />
      <source>Export cancelled</source>
      <translation>Đã hủy xuất</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="102" />
      <source>Export failed: %1</source>
      <translation>Xuất thất bại: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="85" />
      <source>Exporting...</source>
      <translation>Đang xuất...</translation>
    </message>
    <message>
      <location filename="workstation/app/image_export_controller.py" line="78" />
      <source>Show a series in the active viewport first</source>
      <translation>Hãy hiển thị một loạt ảnh trong khung xem đang chọn trước</translation>
    </message>
  </context>
  <context>
    <name>ImportJob</name>
    <message>
      <location filename="workstation/app/import_job.py" line="29" />
      <source>%1 already in the store</source>
      <translation>%1 đã có trong kho</translation>
    </message>
    <message>
      <location filename="workstation/app/import_job.py" line="31" />
      <source>%1 file(s) skipped</source>
      <translation>bỏ qua %1 tệp</translation>
    </message>
    <message>
      <location filename="workstation/app/import_job.py" line="33" />
      <source>%1 stored but not displayable here</source>
      <translation>%1 đã lưu nhưng không hiển thị được ở đây</translation>
    </message>
    <message>
      <location filename="workstation/app/import_job.py" line="25" />
      <source>(%1 series in %2 study/studies)</source>
      <translation>(%1 loạt ảnh trong %2 ca chụp)</translation>
    </message>
    <message>
      <location filename="workstation/app/import_job.py" line="23" />
      <source>Imported %1 instance(s)</source>
      <translation>Đã nhập %1 ảnh DICOM</translation>
    </message>
    <message>
      <location filename="workstation/app/import_job.py" line="35" />
      <source>THE DISK IS FULL</source>
      <translation>ĐĨA ĐÃ ĐẦY</translation>
    </message>
    <message>
      <location filename="workstation/app/import_job.py" line="60" />
      <source>import cancelled; files imported so far are kept</source>
      <translation>đã hủy nhập; các tệp đã nhập được giữ lại</translation>
    </message>
    <message>
      <location filename="workstation/app/import_job.py" line="63" />
      <source>import failed: %1</source>
      <translation>nhập thất bại: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/import_job.py" line="36" />
      <source>in %1 s</source>
      <translation>trong %1 giây</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="workstation/app/main_window.py" line="420" />
      <source>%1 failed: %2</source>
      <translation>%1 thất bại: %2</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="330" />
      <source>%1 file(s) could not be read: %2</source>
      <translation>%1 tệp không đọc được: %2</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="296" />
      <source>%1 series, %2 image(s) so far</source>
      <translation>%1 loạt ảnh, %2 ảnh đã nhận</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="325" />
      <source>%1 series, hanging protocol: %2</source>
      <translation>%1 loạt ảnh, quy tắc bố trí ảnh: %2</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="660" />
      <source>About</source>
      <translation>Giới thiệu</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="164" />
      <source>Colour map</source>
      <translation>Bảng màu</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="495" />
      <source>Custom layout</source>
      <translation>Bố cục tùy chỉnh</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="160" />
      <source>Custom layout...</source>
      <translation>Bố cục tùy chỉnh...</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="346" />
      <source>Decoding %v/%m</source>
      <translation>Đang giải mã %v/%m</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="204" />
      <source>From file: %1</source>
      <translation>Theo tệp: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="561" />
      <source>Go to image</source>
      <translation>Đến ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="561" />
      <source>Image number (1-%1):</source>
      <translation>Số thứ tự ảnh (1-%1):</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="536" />
      <source>Import folder, CD or DICOMDIR</source>
      <translation>Nhập thư mục, CD hoặc DICOMDIR</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="546" />
      <source>Importing ...</source>
      <translation>Đang nhập ...</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="582" />
      <source>No prior study of this patient in the local store</source>
      <translation>Không có ca chụp trước của bệnh nhân này trong kho ảnh trên máy</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="248" />
      <source>Opening %1 ...</source>
      <translation>Đang mở %1 ...</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="340" />
      <source>Prior %1: %2</source>
      <translation>Ca trước %1: %2</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="587" />
      <source>Prior study %1 opened</source>
      <translation>Đã mở ca chụp trước %1</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="122" />
      <source>Reading</source>
      <translation>Đọc ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="496" />
      <source>Rows x columns (e.g. 3x2) or a named layout (1+2):</source>
      <translation>Số hàng x số cột (ví dụ 3x2) hoặc tên bố cục (1+2):</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="647" />
      <source>Settings could not be saved: %1</source>
      <translation>Không lưu được cài đặt: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="99" />
      <source>Studies</source>
      <translation>Ca chụp</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="222" />
      <source>Study %1 is not in the local store</source>
      <translation>Ca chụp %1 không có trong kho ảnh trên máy</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="657" />
      <source>The log files are in %1</source>
      <translation>Các tệp nhật ký nằm trong %1</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="643" />
      <source>The new language is used from the next start</source>
      <translation>Ngôn ngữ mới được dùng từ lần khởi động sau</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="154" />
      <source>Viewports</source>
      <translation>Chia khung xem</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="178" />
      <source>Window presets</source>
      <translation>Cửa sổ đặt sẵn</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="76" />
      <source>Workstation %1</source>
      <translation>Trạm đọc ảnh %1</translation>
    </message>
    <message>
      <location filename="workstation/app/main_window.py" line="660" />
      <source>Workstation %1
DICOM diagnostic reading workstation.</source>
      <translation>Trạm đọc ảnh %1
Trạm đọc ảnh chẩn đoán DICOM.</translation>
    </message>
  </context>
  <context>
    <name>MeasureController</name>
    <message>
      <location filename="workstation/app/measure_controller.py" line="233" />
      <source>%1 graphic(s) shown, %2 skipped</source>
      <translation>Đã hiện %1 đối tượng đồ họa, bỏ qua %2</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="218" />
      <source>%1 not savable</source>
      <translation>%1 không lưu được</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="71" />
      <source>A saved measurement could not be read and was skipped: %1</source>
      <translation>Một phép đo đã lưu không đọc được và đã bị bỏ qua: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="228" />
      <source>DICOM files (*.dcm *);;All files (*)</source>
      <translation>Tệp DICOM (*.dcm *);;Mọi tệp (*)</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="152" />
      <source>Image copied to the clipboard</source>
      <translation>Đã sao chép ảnh vào bộ nhớ tạm</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="158" />
      <source>Image copied without overlays</source>
      <translation>Đã sao chép ảnh không kèm thông tin hiển thị</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="164" />
      <source>Layout copied to the clipboard</source>
      <translation>Đã sao chép bố cục vào bộ nhớ tạm</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="232" />
      <source>Load presentation state</source>
      <translation>Mở trạng thái hiển thị</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="175" />
      <source>Measurement copied: paste it on another image with Ctrl+V</source>
      <translation>Đã sao chép phép đo: dán lên ảnh khác bằng Ctrl+V</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="170" />
      <source>Measurement table copied</source>
      <translation>Đã sao chép bảng số đo</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="43" />
      <source>Measurements</source>
      <translation>Phép đo</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="103" />
      <source>Measurements could not be saved: %1</source>
      <translation>Không lưu được phép đo: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="211" />
      <source>No measurement on an original image to save</source>
      <translation>Không có phép đo nào trên ảnh gốc để lưu</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="181" />
      <source>Nothing to paste: copy a measurement first</source>
      <translation>Không có gì để dán: hãy sao chép một phép đo trước</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="118" />
      <source>Presentation state %1 could not be shown: %2</source>
      <translation>Không hiển thị được trạng thái hiển thị %1: %2</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="215" />
      <source>Presentation state saved in the local store (%1 measurement(s))</source>
      <translation>Đã lưu trạng thái hiển thị vào kho ảnh trên máy (%1 phép đo)</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="220" />
      <source>The presentation state could not be stored: %1</source>
      <translation>Không lưu được trạng thái hiển thị: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/measure_controller.py" line="200" />
      <source>This series has no calibration</source>
      <translation>Loạt ảnh này chưa được hiệu chuẩn</translation>
    </message>
  </context>
  <context>
    <name>MediaController</name>
    <message>
      <location filename="workstation/app/media_controller.py" line="91" />
      <source>%1 cancelled; nothing half-written was kept</source>
      <translation>Đã hủy %1; không giữ lại dữ liệu ghi dở</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="229" />
      <source>%1 disc(s) burned</source>
      <translation>Đã ghi %1 đĩa</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="321" />
      <source>%1 film(s) printed on %2</source>
      <translation>Đã in %1 phim trên %2</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="310" />
      <source>%1 page(s) printed</source>
      <translation>Đã in %1 trang</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="214" />
      <source>%1 warning(s): %2</source>
      <translation>%1 cảnh báo: %2</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="237" />
      <source>Burning</source>
      <translation>Đang ghi đĩa</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="193" />
      <source>Burning needs a CD or DVD medium</source>
      <translation>Ghi đĩa cần chọn CD hoặc DVD</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="72" />
      <source>Cancel</source>
      <translation>Hủy</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="191" />
      <source>Choose at least one study</source>
      <translation>Hãy chọn ít nhất một ca chụp</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="195" />
      <source>Choose where to write the export</source>
      <translation>Hãy chọn nơi ghi dữ liệu xuất</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="316" />
      <source>DICOM print</source>
      <translation>In DICOM</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="218" />
      <source>Export</source>
      <translation>Xuất</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="179" />
      <source>Export failed: %1</source>
      <translation>Xuất thất bại: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="233" />
      <source>Insert a blank disc for disc %1 of %2.</source>
      <translation>Hãy đưa đĩa trắng vào cho đĩa %1 / %2.</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="163" />
      <source>Looking for burners</source>
      <translation>Đang tìm ổ ghi đĩa</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="232" />
      <source>Next disc</source>
      <translation>Đĩa tiếp theo</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="254" />
      <source>No PACS with a web viewer is configured (set the web viewer URL of a node)</source>
      <translation>Chưa cấu hình PACS nào có trình xem web (hãy đặt URL trình xem web cho một nút)</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="291" />
      <source>No viewport shows an image</source>
      <translation>Không có khung xem nào đang hiển thị ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="281" />
      <source>Open a study first</source>
      <translation>Hãy mở một ca chụp trước</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="249" />
      <source>Open or select a study first</source>
      <translation>Hãy mở hoặc chọn một ca chụp trước</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="272" />
      <source>PDF (*.pdf)</source>
      <translation>PDF (*.pdf)</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="272" />
      <source>Print to PDF</source>
      <translation>In ra PDF</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="285" />
      <source>The active viewport shows no image</source>
      <translation>Khung xem đang chọn không có ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="222" />
      <source>Writing %1 stud(ies)...</source>
      <translation>Đang ghi %1 ca chụp...</translation>
    </message>
    <message>
      <location filename="workstation/app/media_controller.py" line="82" />
      <source>another media job is running: wait for it or cancel it</source>
      <translation>một tác vụ ghi đĩa/in khác đang chạy: hãy chờ hoặc hủy tác vụ đó</translation>
    </message>
  </context>
  <context>
    <name>PacsController</name>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="281" />
      <source>%1 %2: %3</source>
      <translation>%1 %2: %3</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="213" />
      <source>%1 instance(s) refused</source>
      <translation>%1 ảnh DICOM bị từ chối</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="226" />
      <source>%1 is already being retrieved</source>
      <translation>%1 đang được lấy về</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="244" />
      <source>%1 is arriving: opened in its own tab</source>
      <translation>%1 đang được nhận về: đã mở trong thẻ riêng</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="257" />
      <source>%1: done</source>
      <translation>%1: xong</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="440" />
      <source>Current series: %1</source>
      <translation>Loạt ảnh hiện tại: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="424" />
      <source>Current study: %1</source>
      <translation>Ca chụp hiện tại: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="209" />
      <source>Forwarded %1 instance(s) of a received study to %2</source>
      <translation>Đã chuyển tiếp %1 ảnh DICOM của một ca chụp đã nhận đến %2</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="212" />
      <source>Forwarding to %1 failed: %2</source>
      <translation>Chuyển tiếp đến %1 thất bại: %2</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="185" />
      <source>Listening as %1 on %2:%3</source>
      <translation>Đang lắng nghe với tên %1 trên %2:%3</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="289" />
      <source>Network</source>
      <translation>Mạng</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="295" />
      <source>Network %v/%m</source>
      <translation>Mạng %v/%m</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="128" />
      <source>Network configuration not loaded: %1</source>
      <translation>Không tải được cấu hình mạng: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="383" />
      <source>Network configuration saved</source>
      <translation>Đã lưu cấu hình mạng</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="120" />
      <source>Network jobs</source>
      <translation>Tác vụ mạng</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="151" />
      <source>PACS</source>
      <translation>PACS</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="121" />
      <source>Received studies</source>
      <translation>Ca chụp đã nhận</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="228" />
      <source>Retrieve %1 %2 from %3</source>
      <translation>Lấy %1 %2 từ %3</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="269" />
      <source>Retrieved %1 instance(s) from %2</source>
      <translation>Đã lấy %1 ảnh DICOM từ %2</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="234" />
      <source>Retrieving %1 from %2 ...</source>
      <translation>Đang lấy %1 từ %2 ...</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="424" />
      <source>Selected in the study browser: %1</source>
      <translation>Đang chọn trong danh sách ca chụp: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="170" />
      <source>Storage SCP could not listen on port %1 (%2): receiving from the PACS and C-MOVE are off, everything else works. Choose another port in File &gt; Network / PACS nodes.</source>
      <translation>Storage SCP không lắng nghe được trên cổng %1 (%2): tắt nhận ảnh từ PACS và C-MOVE, các chức năng khác vẫn hoạt động. Hãy chọn cổng khác trong Tệp &gt; Mạng / các nút PACS.</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="163" />
      <source>The storage SCP is off (File &gt; Network / PACS nodes...).</source>
      <translation>Storage SCP đang tắt (Tệp &gt; Mạng / các nút PACS...).</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="280" />
      <source>cancelled</source>
      <translation>đã hủy</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs_controller.py" line="280" />
      <source>failed</source>
      <translation>thất bại</translation>
    </message>
  </context>
  <context>
    <name>PatientListWindow</name>
    <message>
      <location filename="workstation/app/monitors.py" line="62" />
      <source>Patient list</source>
      <translation>Danh sách bệnh nhân</translation>
    </message>
  </context>
  <context>
    <name>QLineEdit</name>
    <message>
      <location filename="workstation/app/i18n.py" line="37" />
      <source>&amp;Copy</source>
      <translation>Sao &amp;chép</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="38" />
      <source>&amp;Paste</source>
      <translation>&amp;Dán</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="36" />
      <source>&amp;Redo</source>
      <translation>&amp;Làm lại</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="36" />
      <source>&amp;Undo</source>
      <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="37" />
      <source>Cu&amp;t</source>
      <translation>Cắ&amp;t</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="38" />
      <source>Delete</source>
      <translation>Xóa</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="39" />
      <source>Select All</source>
      <translation>Chọn tất cả</translation>
    </message>
  </context>
  <context>
    <name>QPlatformTheme</name>
    <message>
      <location filename="workstation/app/i18n.py" line="33" />
      <source>&amp;No</source>
      <translation>&amp;Không</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="33" />
      <source>&amp;Yes</source>
      <translation>&amp;Có</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="32" />
      <source>Abort</source>
      <translation>Hủy bỏ</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="29" />
      <source>Apply</source>
      <translation>Áp dụng</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="27" />
      <source>Cancel</source>
      <translation>Hủy</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="29" />
      <source>Close</source>
      <translation>Đóng</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="31" />
      <source>Discard</source>
      <translation>Bỏ</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="30" />
      <source>Help</source>
      <translation>Trợ giúp</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="32" />
      <source>Ignore</source>
      <translation>Bỏ qua</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="34" />
      <source>N&amp;o to All</source>
      <translation>K&amp;hông với tất cả</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="27" />
      <source>OK</source>
      <translation>OK</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="28" />
      <source>Open</source>
      <translation>Mở</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="30" />
      <source>Reset</source>
      <translation>Đặt lại</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="35" />
      <source>Restore Defaults</source>
      <translation>Khôi phục mặc định</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="31" />
      <source>Retry</source>
      <translation>Thử lại</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="28" />
      <source>Save</source>
      <translation>Lưu</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="35" />
      <source>Save All</source>
      <translation>Lưu tất cả</translation>
    </message>
    <message>
      <location filename="workstation/app/i18n.py" line="34" />
      <source>Yes to &amp;All</source>
      <translation>Có với &amp;tất cả</translation>
    </message>
  </context>
  <context>
    <name>QtCalibrationDialog</name>
    <message>
      <location filename="tools/qt_calibration.py" line="35" />
      <source>Calibrate</source>
      <translation>Hiệu chuẩn</translation>
    </message>
    <message>
      <location filename="tools/qt_calibration.py" line="42" />
      <source>Line as measured now:</source>
      <translation>Độ dài đo hiện tại:</translation>
    </message>
    <message>
      <location filename="tools/qt_calibration.py" line="44" />
      <source>The new pixel spacing applies to every image of %1; measurements on it will be labelled "calibrated".</source>
      <translation>Khoảng cách điểm ảnh mới áp dụng cho mọi ảnh của %1; các phép đo trên đó sẽ được ghi nhãn "đã hiệu chuẩn".</translation>
    </message>
    <message>
      <location filename="tools/qt_calibration.py" line="43" />
      <source>True length:</source>
      <translation>Độ dài thực:</translation>
    </message>
  </context>
  <context>
    <name>QtCurvedView</name>
    <message>
      <location filename="viewer/qt_curved.py" line="69" />
      <source>Curved MPR</source>
      <translation>MPR cong</translation>
    </message>
    <message>
      <location filename="viewer/qt_curved.py" line="53" />
      <source>Slab across the curved surface, centred on it (0: the surface only)</source>
      <translation>Lớp dày cắt ngang mặt cong, lấy mặt cong làm tâm (0: chỉ mặt cong)</translation>
    </message>
  </context>
  <context>
    <name>QtFilmPrintDialog</name>
    <message>
      <location filename="workstation/app/media/film_print.py" line="134" />
      <source>Columns</source>
      <translation>Số cột</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="136" />
      <source>Copies</source>
      <translation>Số bản</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="114" />
      <source>DICOM printer %1</source>
      <translation>Máy in DICOM %1</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="117" />
      <source>Every image of the active series</source>
      <translation>Mọi ảnh của loạt ảnh đang chọn</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="135" />
      <source>Film size</source>
      <translation>Khổ phim</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="133" />
      <source>Images</source>
      <translation>Ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="124" />
      <source>Landscape</source>
      <translation>Ngang</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="136" />
      <source>Medium</source>
      <translation>Loại phim</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="135" />
      <source>Orientation</source>
      <translation>Hướng giấy</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="111" />
      <source>PDF file</source>
      <translation>Tệp PDF</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="112" />
      <source>Paper (system printer)</source>
      <translation>Giấy (máy in hệ thống)</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="123" />
      <source>Portrait</source>
      <translation>Dọc</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="109" />
      <source>Print film</source>
      <translation>In phim</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="133" />
      <source>Print to</source>
      <translation>In ra</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="134" />
      <source>Rows</source>
      <translation>Số hàng</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="116" />
      <source>The images in the layout</source>
      <translation>Các ảnh trong bố cục</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="130" />
      <source>With overlays and measurements</source>
      <translation>Kèm thông tin hiển thị và phép đo</translation>
    </message>
    <message>
      <location filename="workstation/app/media/film_print.py" line="127" />
      <source>printer default</source>
      <translation>mặc định của máy in</translation>
    </message>
  </context>
  <context>
    <name>QtFusionView</name>
    <message>
      <location filename="viewer/qt_fusion.py" line="87" />
      <source> Opacity </source>
      <translation> Độ mờ đục </translation>
    </message>
    <message>
      <location filename="viewer/qt_fusion.py" line="102" />
      <source>Not registered: aligned by position</source>
      <translation>Chưa đồng chỉnh ảnh (registration): căn theo tọa độ</translation>
    </message>
    <message>
      <location filename="viewer/qt_fusion.py" line="95" />
      <source>Overlay window</source>
      <translation>Cửa sổ của ảnh chồng</translation>
    </message>
    <message>
      <location filename="viewer/qt_fusion.py" line="223" />
      <source>no second volumetric series (PET, SPECT, MR) in this study to fuse with</source>
      <translation>ca chụp này không có loạt ảnh thể tích thứ hai (PET, SPECT, MR) để hợp nhất</translation>
    </message>
    <message>
      <location filename="viewer/qt_fusion.py" line="216" />
      <source>no series in the active viewport to fuse</source>
      <translation>khung xem đang chọn không có loạt ảnh để hợp nhất</translation>
    </message>
  </context>
  <context>
    <name>QtJobsPanel</name>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="69" />
      <source>Cancel</source>
      <translation>Hủy</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="39" />
      <source>Cancelled</source>
      <translation>Đã hủy</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="71" />
      <source>Clear finished</source>
      <translation>Xóa tác vụ đã xong</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="37" />
      <source>Done</source>
      <translation>Xong</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="32" />
      <source>Elapsed</source>
      <translation>Thời gian</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="38" />
      <source>Failed</source>
      <translation>Thất bại</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="28" />
      <source>Job</source>
      <translation>Tác vụ</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="31" />
      <source>MB/s</source>
      <translation>MB/s</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="33" />
      <source>Message</source>
      <translation>Thông báo</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="30" />
      <source>Progress</source>
      <translation>Tiến độ</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="35" />
      <source>Queued</source>
      <translation>Đang chờ</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="70" />
      <source>Retry</source>
      <translation>Thử lại</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="36" />
      <source>Running</source>
      <translation>Đang chạy</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_jobs_panel.py" line="29" />
      <source>State</source>
      <translation>Trạng thái</translation>
    </message>
  </context>
  <context>
    <name>QtKeyImagePanel</name>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="46" />
      <source>Best In Set</source>
      <translation>Ảnh tốt nhất trong bộ</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="67" />
      <source>Description (optional)</source>
      <translation>Mô tả (không bắt buộc)</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="69" />
      <source>Export JPEG for HIS/EMR</source>
      <translation>Xuất JPEG cho HIS/EMR</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="40" />
      <source>For Conference</source>
      <translation>Cho hội chẩn</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="42" />
      <source>For Patient</source>
      <translation>Cho bệnh nhân</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="43" />
      <source>For Peer Review</source>
      <translation>Cho bình duyệt đồng nghiệp</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="47" />
      <source>For Printing</source>
      <translation>Để in</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="37" />
      <source>For Referring Provider</source>
      <translation>Cho bác sĩ chỉ định</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="48" />
      <source>For Report Attachment</source>
      <translation>Đính kèm kết quả</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="44" />
      <source>For Research</source>
      <translation>Cho nghiên cứu</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="38" />
      <source>For Surgery</source>
      <translation>Cho phẫu thuật</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="39" />
      <source>For Teaching</source>
      <translation>Cho giảng dạy</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="41" />
      <source>For Therapy</source>
      <translation>Cho điều trị</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="36" />
      <source>Of Interest</source>
      <translation>Đáng quan tâm</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="45" />
      <source>Quality Issue</source>
      <translation>Vấn đề chất lượng</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="68" />
      <source>Save as KOS</source>
      <translation>Lưu dạng KOS</translation>
    </message>
  </context>
  <context>
    <name>QtMeasurementPanel</name>
    <message>
      <location filename="tools/qt_measure_words.py" line="22" />
      <source>Angle</source>
      <translation>Góc</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="42" />
      <source>Area</source>
      <translation>Diện tích</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="23" />
      <source>Arrow</source>
      <translation>Mũi tên</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="52" />
      <source>CTR</source>
      <translation>CTR</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="24" />
      <source>Cardiothoracic ratio</source>
      <translation>Chỉ số tim-ngực</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="25" />
      <source>Cobb</source>
      <translation>Góc Cobb</translation>
    </message>
    <message>
      <location filename="tools/qt_measurement_panel.py" line="58" />
      <source>Copy all measurements as a table (text and HTML)</source>
      <translation>Sao chép mọi phép đo thành bảng (văn bản và HTML)</translation>
    </message>
    <message>
      <location filename="tools/qt_measurement_panel.py" line="57" />
      <source>Copy table</source>
      <translation>Sao chép bảng</translation>
    </message>
    <message>
      <location filename="tools/qt_measurement_panel.py" line="55" />
      <source>Delete</source>
      <translation>Xóa</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="26" />
      <source>Ellipse ROI</source>
      <translation>ROI hình elip</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="27" />
      <source>Freehand ROI</source>
      <translation>ROI vẽ tự do</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="53" />
      <source>Heart</source>
      <translation>Tim</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="28" />
      <source>Height difference</source>
      <translation>Chênh lệch chiều cao</translation>
    </message>
    <message>
      <location filename="tools/qt_measurement_panel.py" line="48" />
      <source>Image</source>
      <translation>Ảnh</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="29" />
      <source>Length</source>
      <translation>Độ dài</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="47" />
      <source>Max</source>
      <translation>Lớn nhất</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="44" />
      <source>Mean</source>
      <translation>Trung bình</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="46" />
      <source>Min</source>
      <translation>Nhỏ nhất</translation>
    </message>
    <message>
      <location filename="tools/qt_measurement_panel.py" line="48" />
      <source>No.</source>
      <translation>STT</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="66" />
      <source>Note</source>
      <translation>Ghi chú</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="43" />
      <source>Perimeter</source>
      <translation>Chu vi</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="30" />
      <source>Polygon ROI</source>
      <translation>ROI đa giác</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="31" />
      <source>Polyline</source>
      <translation>Đường gấp khúc</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="32" />
      <source>Probe</source>
      <translation>Giá trị điểm ảnh</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="64" />
      <source>Quantity</source>
      <translation>Đại lượng</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="33" />
      <source>Rectangle ROI</source>
      <translation>ROI hình chữ nhật</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="45" />
      <source>SD</source>
      <translation>SD</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="51" />
      <source>SUVbw</source>
      <translation>SUVbw</translation>
    </message>
    <message>
      <location filename="tools/qt_measurement_panel.py" line="60" />
      <source>Show all</source>
      <translation>Hiện tất cả</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="50" />
      <source>Stored</source>
      <translation>Giá trị lưu</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="34" />
      <source>Text</source>
      <translation>Chữ chú thích</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="54" />
      <source>Thorax</source>
      <translation>Lồng ngực</translation>
    </message>
    <message>
      <location filename="tools/qt_measurement_panel.py" line="48" />
      <source>Type</source>
      <translation>Loại</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="65" />
      <source>Unit</source>
      <translation>Đơn vị</translation>
    </message>
    <message>
      <location filename="tools/qt_measurement_panel.py" line="48" />
      <source>Value</source>
      <translation>Giá trị</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="61" />
      <source>along the curve</source>
      <translation>dọc theo đường cong</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="58" />
      <source>at detector</source>
      <translation>tại đầu thu</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="60" />
      <source>calibrated</source>
      <translation>đã hiệu chuẩn</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="59" />
      <source>magnification corrected</source>
      <translation>đã hiệu chỉnh độ phóng đại</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="48" />
      <source>n</source>
      <translation>n</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="55" />
      <source>x (LPS)</source>
      <translation>x (LPS)</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="56" />
      <source>y (LPS)</source>
      <translation>y (LPS)</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_words.py" line="57" />
      <source>z (LPS)</source>
      <translation>z (LPS)</translation>
    </message>
  </context>
  <context>
    <name>QtMeasurementSession</name>
    <message>
      <location filename="tools/qt_measure_session.py" line="233" />
      <source>%1, image %2</source>
      <translation>%1, ảnh %2</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_session.py" line="224" />
      <source>Curved MPR</source>
      <translation>MPR cong</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_session.py" line="226" />
      <source>MPR %1</source>
      <translation>MPR %1</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_session.py" line="232" />
      <source>Series</source>
      <translation>Loạt ảnh</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_session.py" line="232" />
      <source>Series %1</source>
      <translation>Loạt ảnh %1</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_session.py" line="52" />
      <source>axial</source>
      <translation>ngang</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_session.py" line="53" />
      <source>coronal</source>
      <translation>đứng ngang</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_session.py" line="55" />
      <source>oblique</source>
      <translation>chếch</translation>
    </message>
    <message>
      <location filename="tools/qt_measure_session.py" line="54" />
      <source>sagittal</source>
      <translation>đứng dọc</translation>
    </message>
  </context>
  <context>
    <name>QtMediaExportDialog</name>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="208" />
      <source>%1 stud(ies), %2 MB</source>
      <translation>%1 ca chụp, %2 MB</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="195" />
      <source>Anonymised images</source>
      <translation>Ảnh đã ẩn danh</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="136" />
      <source>Burner</source>
      <translation>Ổ ghi đĩa</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="39" />
      <source>CD (700 MB)</source>
      <translation>CD (700 MB)</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="112" />
      <source>Choose...</source>
      <translation>Chọn...</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="40" />
      <source>DVD (4.7 GB)</source>
      <translation>DVD (4,7 GB)</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="41" />
      <source>DVD DL (8.5 GB)</source>
      <translation>DVD DL (8,5 GB)</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="88" />
      <source>Date</source>
      <translation>Ngày</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="121" />
      <source>De-identify (remove names, IDs, dates)</source>
      <translation>Ẩn danh (xóa họ tên, mã, ngày tháng)</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="89" />
      <source>Description</source>
      <translation>Mô tả</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="137" />
      <source>Destination</source>
      <translation>Nơi lưu</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="146" />
      <source>Export</source>
      <translation>Xuất</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="80" />
      <source>Export to CD/DVD/USB</source>
      <translation>Xuất ra CD/DVD/USB</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="220" />
      <source>Folder or USB stick</source>
      <translation>Thư mục hoặc USB</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="43" />
      <source>ISO file only</source>
      <translation>Chỉ tệp ISO</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="111" />
      <source>ISO file or folder to write</source>
      <translation>Tệp ISO hoặc thư mục để ghi</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="222" />
      <source>ISO image</source>
      <translation>Ảnh đĩa ISO</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="222" />
      <source>ISO images (*.iso)</source>
      <translation>Ảnh đĩa ISO (*.iso)</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="122" />
      <source>Include previews, key images and reports (JPEG/PDF/HTML)</source>
      <translation>Kèm ảnh xem trước, ảnh chính và kết quả (JPEG/PDF/HTML)</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="117" />
      <source>Include the portable viewer</source>
      <translation>Kèm phần mềm xem ảnh di động</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="118" />
      <source>Include the portable viewer (not installed with this program)</source>
      <translation>Kèm phần mềm xem ảnh di động (chưa được cài kèm chương trình này)</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="138" />
      <source>Label</source>
      <translation>Nhãn đĩa</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="135" />
      <source>Medium</source>
      <translation>Phương tiện ghi</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="88" />
      <source>Modality</source>
      <translation>Thiết bị</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="88" />
      <source>Patient</source>
      <translation>Bệnh nhân</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="88" />
      <source>Patient ID</source>
      <translation>Mã bệnh nhân</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="89" />
      <source>Size</source>
      <translation>Dung lượng</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="124" />
      <source>Split over several discs when it does not fit</source>
      <translation>Chia ra nhiều đĩa khi không đủ chỗ</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="134" />
      <source>Studies</source>
      <translation>Ca chụp</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="42" />
      <source>USB stick / folder</source>
      <translation>USB / thư mục</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="126" />
      <source>Verify the disc after burning</source>
      <translation>Kiểm tra đĩa sau khi ghi</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="211" />
      <source>fits on one disc</source>
      <translation>vừa một đĩa</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="109" />
      <source>looking for burners...</source>
      <translation>đang tìm ổ ghi đĩa...</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="212" />
      <source>needs about %1 discs</source>
      <translation>cần khoảng %1 đĩa</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="169" />
      <source>no burner found</source>
      <translation>không tìm thấy ổ ghi đĩa</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="214" />
      <source>no burner: the disc is written as an ISO file</source>
      <translation>không có ổ ghi: đĩa được ghi thành tệp ISO</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_media_dialog.py" line="93" />
      <source>on the PACS: retrieved first</source>
      <translation>trên PACS: sẽ tải về trước</translation>
    </message>
  </context>
  <context>
    <name>QtMprView</name>
    <message>
      <location filename="viewer/qt_mpr.py" line="32" />
      <source>Average</source>
      <translation>Trung bình</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="173" />
      <source>Crosshair</source>
      <translation>Tâm chữ thập</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="35" />
      <source>Cubic</source>
      <translation>Bậc ba</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="162" />
      <source>Interpolation </source>
      <translation>Nội suy </translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="34" />
      <source>Linear</source>
      <translation>Tuyến tính</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="31" />
      <source>MIP</source>
      <translation>MIP</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="31" />
      <source>MinIP</source>
      <translation>MinIP</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="33" />
      <source>Nearest</source>
      <translation>Lân cận gần nhất</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="171" />
      <source>Orthogonal</source>
      <translation>Trực giao</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="176" />
      <source>Play / stop the rotating MIP</source>
      <translation>Phát / dừng MIP xoay</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="176" />
      <source>Play MIP</source>
      <translation>Phát MIP</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="171" />
      <source>Reset the planes to axial, coronal and sagittal</source>
      <translation>Đặt lại các mặt phẳng về ngang (axial), đứng ngang (coronal) và đứng dọc (sagittal)</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="114" />
      <source>Rotating MIP ready: Play MIP or Space in its view</source>
      <translation>MIP xoay đã sẵn sàng: bấm Phát MIP hoặc phím cách trong khung của nó</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="173" />
      <source>Show the crosshair</source>
      <translation>Hiện tâm chữ thập</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="40" />
      <source>Slab </source>
      <translation>Lớp dày </translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="160" />
      <source>Thick-slab thickness of the active view (0: thin slice)</source>
      <translation>Độ dày lớp (slab) của khung đang chọn (0: lát mỏng)</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="281" />
      <source>no series in the active viewport to reformat</source>
      <translation>khung xem đang chọn không có loạt ảnh để tái tạo</translation>
    </message>
    <message>
      <location filename="viewer/qt_mpr.py" line="46" />
      <source>thin</source>
      <translation>mỏng</translation>
    </message>
  </context>
  <context>
    <name>QtNodeForm</name>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="78" />
      <source>AE title</source>
      <translation>AE title</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="82" />
      <source>Authentication</source>
      <translation>Xác thực</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="25" />
      <source>Basic (user name and password)</source>
      <translation>Basic (tên đăng nhập và mật khẩu)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="26" />
      <source>Bearer token</source>
      <translation>Bearer token</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="27" />
      <source>C-GET (no port to open on this computer)</source>
      <translation>C-GET (không cần mở cổng trên máy này)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="28" />
      <source>C-MOVE to our storage SCP</source>
      <translation>C-MOVE về storage SCP của máy này</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="87" />
      <source>CA certificates</source>
      <translation>Chứng chỉ CA</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="172" />
      <source>Choose a PEM file</source>
      <translation>Chọn tệp PEM</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="87" />
      <source>Client certificate</source>
      <translation>Chứng chỉ máy khách</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="88" />
      <source>Client key</source>
      <translation>Khóa máy khách</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="23" />
      <source>DICOMweb (QIDO-RS / WADO-RS / STOW-RS)</source>
      <translation>DICOMweb (QIDO-RS / WADO-RS / STOW-RS)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="81" />
      <source>DICOMweb base URL</source>
      <translation>URL gốc DICOMweb</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="22" />
      <source>DIMSE (C-FIND / C-GET / C-MOVE / C-STORE)</source>
      <translation>DIMSE (C-FIND / C-GET / C-MOVE / C-STORE)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="79" />
      <source>Host</source>
      <translation>Máy chủ (host)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="76" />
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="24" />
      <source>None</source>
      <translation>Không</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="173" />
      <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
      <translation>Tệp PEM (*.pem *.crt *.key);;Mọi tệp (*)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="84" />
      <source>Password</source>
      <translation>Mật khẩu</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="80" />
      <source>Port</source>
      <translation>Cổng</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="73" />
      <source>Prefetch prior studies of the patient after a retrieve</source>
      <translation>Tải trước các ca chụp cũ của bệnh nhân sau khi lấy ảnh về</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="77" />
      <source>Protocol</source>
      <translation>Giao thức</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="90" />
      <source>Retrieve with</source>
      <translation>Lấy ảnh bằng</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="85" />
      <source>Token</source>
      <translation>Token</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="69" />
      <source>Use TLS (DICOM TLS for DIMSE, HTTPS for DICOMweb)</source>
      <translation>Dùng TLS (DICOM TLS cho DIMSE, HTTPS cho DICOMweb)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="83" />
      <source>User name</source>
      <translation>Tên đăng nhập</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="29" />
      <source>WADO-RS</source>
      <translation>WADO-RS</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="92" />
      <source>Web viewer link</source>
      <translation>Liên kết trình xem web</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_node_form.py" line="71" />
      <source>empty: the system's trusted authorities</source>
      <translation>để trống: CA tin cậy của hệ thống</translation>
    </message>
  </context>
  <context>
    <name>QtNodesDialog</name>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="164" />
      <source>(no name)</source>
      <translation>(không tên)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="205" />
      <source>Accept any calling AE title</source>
      <translation>Chấp nhận mọi AE title gọi đến</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="203" />
      <source>Accept connections from other computers (all network interfaces)</source>
      <translation>Chấp nhận kết nối từ máy khác (mọi giao diện mạng)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="99" />
      <source>Add</source>
      <translation>Thêm</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="253" />
      <source>Add rule</source>
      <translation>Thêm quy tắc</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="223" />
      <source>Allowed calling AE titles</source>
      <translation>AE title gọi đến được phép</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="247" />
      <source>Also send to node</source>
      <translation>Gửi thêm đến nút</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="225" />
      <source>CA certificates</source>
      <translation>Chứng chỉ CA</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="313" />
      <source>Could not save: %1</source>
      <translation>Không lưu được: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="209" />
      <source>DICOM TLS</source>
      <translation>DICOM TLS</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="188" />
      <source>Failed: %1</source>
      <translation>Thất bại: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="78" />
      <source>Forward rules</source>
      <translation>Quy tắc chuyển tiếp</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="258" />
      <source>Instances our storage SCP receives from a calling AE are also sent to another node (for example a second PACS).</source>
      <translation>Ảnh mà storage SCP của máy này nhận từ một AE gọi đến cũng được gửi tiếp đến nút khác (ví dụ một PACS thứ hai).</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="68" />
      <source>Network / PACS nodes</source>
      <translation>Mạng / các nút PACS</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="307" />
      <source>Not saved: %1</source>
      <translation>Chưa lưu: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="185" />
      <source>OK: %1 answered %2, round trip %3 ms</source>
      <translation>OK: %1 đã trả lời %2, thời gian khứ hồi %3 ms</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="218" />
      <source>Our AE title</source>
      <translation>AE title của máy này</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="246" />
      <source>Received from calling AE (* = any)</source>
      <translation>Nhận từ AE gọi đến (* = bất kỳ)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="76" />
      <source>Remote nodes</source>
      <translation>Các nút từ xa</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="99" />
      <source>Remove</source>
      <translation>Gỡ bỏ</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="253" />
      <source>Remove rule</source>
      <translation>Gỡ quy tắc</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="201" />
      <source>Run the storage SCP while the program is open</source>
      <translation>Chạy storage SCP khi chương trình đang mở</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="226" />
      <source>Server certificate</source>
      <translation>Chứng chỉ máy chủ</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="227" />
      <source>Server key</source>
      <translation>Khóa máy chủ</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="219" />
      <source>Storage SCP port</source>
      <translation>Cổng storage SCP</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="228" />
      <source>The PACS must know this AE title, host and port to answer C-MOVE requests and to send studies here.</source>
      <translation>PACS cần biết AE title, địa chỉ máy và cổng này để trả lời yêu cầu C-MOVE và gửi ca chụp về đây.</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="77" />
      <source>This workstation</source>
      <translation>Trạm làm việc này</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="248" />
      <source>Transfer syntax UID (empty = as stored)</source>
      <translation>UID cú pháp truyền (để trống = như khi lưu)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="104" />
      <source>Verify (C-ECHO / QIDO-RS)</source>
      <translation>Kiểm tra kết nối (C-ECHO / QIDO-RS)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="177" />
      <source>Verifying %1 ...</source>
      <translation>Đang kiểm tra %1 ...</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="208" />
      <source>besides the configured nodes, e.g. CT1 MR2</source>
      <translation>ngoài các nút đã cấu hình, ví dụ CT1 MR2</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_nodes_dialog.py" line="213" />
      <source>set: callers must present a certificate signed by it</source>
      <translation>nếu đặt: bên gọi phải xuất trình chứng chỉ do CA này ký</translation>
    </message>
  </context>
  <context>
    <name>QtQueryPanel</name>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="252" />
      <source>(the first %1 only: narrow the search)</source>
      <translation>(chỉ %1 kết quả đầu: hãy thu hẹp điều kiện tìm)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="100" />
      <source>Accession</source>
      <translation>Mã chỉ định</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="46" />
      <source>Any date</source>
      <translation>Mọi ngày</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="147" />
      <source>Choose a node and search.</source>
      <translation>Hãy chọn một nút và tìm kiếm.</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="228" />
      <source>Choose a node first (File &gt; Network / PACS nodes...)</source>
      <translation>Hãy chọn một nút trước (Tệp &gt; Mạng / các nút PACS...)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="57" />
      <source>Description</source>
      <translation>Mô tả</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="51" />
      <source>From ... to ...</source>
      <translation>Từ ngày ... đến ngày ...</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="61" />
      <source>Here</source>
      <translation>Trên máy</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="60" />
      <source>Images</source>
      <translation>Số ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="50" />
      <source>Last 30 days</source>
      <translation>30 ngày qua</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="49" />
      <source>Last 7 days</source>
      <translation>7 ngày qua</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="107" />
      <source>Modality</source>
      <translation>Thiết bị</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="200" />
      <source>No PACS node is configured: File &gt; Network / PACS nodes...</source>
      <translation>Chưa cấu hình nút PACS nào: Tệp &gt; Mạng / các nút PACS...</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="153" />
      <source>Node</source>
      <translation>Nút</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="99" />
      <source>Patient ID</source>
      <translation>Mã bệnh nhân</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="53" />
      <source>Patient name</source>
      <translation>Họ tên</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="98" />
      <source>Patient name (* and ? wildcards)</source>
      <translation>Họ tên bệnh nhân (ký tự đại diện * và ?)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="101" />
      <source>Referring physician</source>
      <translation>Bác sĩ chỉ định</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="121" />
      <source>Retrieve</source>
      <translation>Lấy ảnh về</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="118" />
      <source>Search</source>
      <translation>Tìm kiếm</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="260" />
      <source>Search failed: %1</source>
      <translation>Tìm kiếm thất bại: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="233" />
      <source>Searching %1 ...</source>
      <translation>Đang tìm trên %1 ...</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="373" />
      <source>Select a study (or series) to retrieve</source>
      <translation>Hãy chọn một ca chụp (hoặc loạt ảnh) để lấy về</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="307" />
      <source>Series</source>
      <translation>Số loạt</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="307" />
      <source>Series %1</source>
      <translation>Loạt ảnh %1</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="351" />
      <source>Series could not be listed: %1</source>
      <translation>Không liệt kê được loạt ảnh: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="249" />
      <source>Studies found on %2: %1 (%3 s)</source>
      <translation>Ca chụp tìm thấy trên %2: %1 (%3 giây)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="160" />
      <source>Study date</source>
      <translation>Ngày chụp</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="102" />
      <source>Study description</source>
      <translation>Mô tả ca chụp</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="47" />
      <source>Today</source>
      <translation>Hôm nay</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="48" />
      <source>Yesterday</source>
      <translation>Hôm qua</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="293" />
      <source>all</source>
      <translation>đủ</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_query_panel.py" line="283" />
      <source>listing series ...</source>
      <translation>đang liệt kê loạt ảnh ...</translation>
    </message>
  </context>
  <context>
    <name>QtReceivedPanel</name>
    <message>
      <location filename="workstation/app/pacs/qt_received_panel.py" line="21" />
      <source>From (calling AE)</source>
      <translation>Từ (AE gọi đến)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_received_panel.py" line="25" />
      <source>Instances</source>
      <translation>Số ảnh DICOM</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_received_panel.py" line="20" />
      <source>Last received</source>
      <translation>Nhận lần cuối</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_received_panel.py" line="22" />
      <source>Patient</source>
      <translation>Bệnh nhân</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_received_panel.py" line="23" />
      <source>Patient ID</source>
      <translation>Mã bệnh nhân</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_received_panel.py" line="24" />
      <source>Study</source>
      <translation>Ca chụp</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_received_panel.py" line="41" />
      <source>The storage SCP is not running.</source>
      <translation>Storage SCP đang không chạy.</translation>
    </message>
  </context>
  <context>
    <name>QtReportEditor</name>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="61" />
      <source>Amend</source>
      <translation>Sửa đổi</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="141" />
      <source>Amendment (version %1) of a signed report: not signed yet</source>
      <translation>Bản sửa đổi (phiên bản %1) của kết quả đã ký: chưa ký</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="48" />
      <source>Apply template</source>
      <translation>Áp dụng mẫu</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="75" />
      <source>Author</source>
      <translation>Bác sĩ đọc</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="144" />
      <source>Draft: not signed</source>
      <translation>Bản nháp: chưa ký</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="54" />
      <source>Family^Given, e.g. Nguyễn^Văn An</source>
      <translation>Họ^Tên, ví dụ Nguyễn^Văn An</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="76" />
      <source>Institution</source>
      <translation>Cơ sở y tế</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="73" />
      <source>Language</source>
      <translation>Ngôn ngữ</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="60" />
      <source>Sign report</source>
      <translation>Ký kết quả</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="138" />
      <source>Signed by %1 on %2 (version %3)</source>
      <translation>Đã ký bởi %1 ngày %2 (phiên bản %3)</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="72" />
      <source>Template</source>
      <translation>Mẫu</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="74" />
      <source>Title</source>
      <translation>Tiêu đề</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="92" />
      <source>Versions (latest first)</source>
      <translation>Các phiên bản (mới nhất trước)</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="157" />
      <source>earlier</source>
      <translation>cũ hơn</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="157" />
      <source>latest</source>
      <translation>mới nhất</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="156" />
      <source>preliminary</source>
      <translation>sơ bộ</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_report_editor.py" line="156" />
      <source>signed</source>
      <translation>đã ký</translation>
    </message>
  </context>
  <context>
    <name>QtSendDialog</name>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="84" />
      <source>%1 (%2 instances)</source>
      <translation>%1 (%2 ảnh DICOM)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="178" />
      <source>All %1 instance(s) stored by %2.</source>
      <translation>%2 đã lưu đủ %1 ảnh DICOM.</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="43" />
      <source>As stored (transcode only if the receiver requires it)</source>
      <translation>Như khi lưu (chỉ chuyển mã nếu bên nhận yêu cầu)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="103" />
      <source>Cancel sending</source>
      <translation>Hủy gửi</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="180" />
      <source>Cancelled: %1 of %2 instance(s) stored by %3.</source>
      <translation>Đã hủy: %3 đã lưu %1 / %2 ảnh DICOM.</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="104" />
      <source>Close</source>
      <translation>Đóng</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="183" />
      <source>Failed: %1</source>
      <translation>Thất bại: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="45" />
      <source>JPEG 2000 lossless</source>
      <translation>JPEG 2000 không mất dữ liệu</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="48" />
      <source>JPEG 2000 lossy (ratio 10, new SOP Instance UIDs)</source>
      <translation>JPEG 2000 có mất dữ liệu (tỉ lệ 10, SOP Instance UID mới)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="46" />
      <source>JPEG-LS lossless</source>
      <translation>JPEG-LS không mất dữ liệu</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="49" />
      <source>JPEG-LS near-lossless (new SOP Instance UIDs)</source>
      <translation>JPEG-LS gần như không mất dữ liệu (SOP Instance UID mới)</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="52" />
      <source>Meaning</source>
      <translation>Ý nghĩa</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="128" />
      <source>No node is configured: File &gt; Network / PACS nodes...</source>
      <translation>Chưa cấu hình nút nào: Tệp &gt; Mạng / các nút PACS...</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="127" />
      <source>Nothing to send: open or select a study.</source>
      <translation>Không có gì để gửi: hãy mở hoặc chọn một ca chụp.</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="47" />
      <source>RLE lossless</source>
      <translation>RLE không mất dữ liệu</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="50" />
      <source>SOP Instance UID</source>
      <translation>SOP Instance UID</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="110" />
      <source>Send</source>
      <translation>Gửi</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="140" />
      <source>Send %1 to %2</source>
      <translation>Gửi %1 đến %2</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="79" />
      <source>Send to PACS</source>
      <translation>Gửi lên PACS</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="146" />
      <source>Sending %1 instance(s) to %2 ...</source>
      <translation>Đang gửi %1 ảnh DICOM đến %2 ...</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="51" />
      <source>Status</source>
      <translation>Trạng thái</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="111" />
      <source>To node</source>
      <translation>Đến nút</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="112" />
      <source>Transfer syntax</source>
      <translation>Cú pháp truyền</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="53" />
      <source>Transfer syntax sent</source>
      <translation>Cú pháp truyền đã gửi</translation>
    </message>
    <message>
      <location filename="workstation/app/pacs/qt_send_dialog.py" line="44" />
      <source>Uncompressed (Explicit VR Little Endian)</source>
      <translation>Không nén (Explicit VR Little Endian)</translation>
    </message>
  </context>
  <context>
    <name>QtSeriesStrip</name>
    <message>
      <location filename="viewer/qt_thumbnails.py" line="71" />
      <source>%n image(s)</source>
      <translation>%n ảnh</translation>
    </message>
  </context>
  <context>
    <name>QtSrViewer</name>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="131" />
      <source>Content</source>
      <translation>Nội dung</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="138" />
      <source>Measurements (double-click shows the image)</source>
      <translation>Phép đo (nhấp đúp để xem ảnh)</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="164" />
      <source>No structured report in this study</source>
      <translation>Ca chụp này không có báo cáo SR</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="131" />
      <source>Relationship</source>
      <translation>Quan hệ</translation>
    </message>
    <message>
      <location filename="workstation/app/reports/qt_document_panels.py" line="131" />
      <source>Type</source>
      <translation>Loại</translation>
    </message>
  </context>
  <context>
    <name>QtStudyBrowser</name>
    <message>
      <location filename="workstation/app/study_browser.py" line="21" />
      <source>1 year</source>
      <translation>1 năm</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="20" />
      <source>30 days</source>
      <translation>30 ngày</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="19" />
      <source>7 days</source>
      <translation>7 ngày</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="103" />
      <source>Accession</source>
      <translation>Mã chỉ định</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="108" />
      <source>Modality</source>
      <translation>Thiết bị</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="131" />
      <source>No studies in the local store yet.

Import a folder, CD or DICOMDIR (File &gt; Import, Ctrl+I), retrieve from a PACS, or run `workstation demo`.</source>
      <translation>Kho ảnh trên máy chưa có ca chụp nào.

Hãy nhập một thư mục, CD hoặc DICOMDIR (Tệp &gt; Nhập, Ctrl+I), lấy ảnh từ PACS, hoặc chạy `workstation demo`.</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="135" />
      <source>No study matches the search.</source>
      <translation>Không có ca chụp nào khớp với điều kiện tìm.</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="102" />
      <source>Patient ID</source>
      <translation>Mã bệnh nhân</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="101" />
      <source>Patient name (accents optional)</source>
      <translation>Họ tên bệnh nhân (có thể gõ không dấu)</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="112" />
      <source>Study date</source>
      <translation>Ngày chụp</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="105" />
      <source>all modalities</source>
      <translation>mọi thiết bị</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="16" />
      <source>any date</source>
      <translation>mọi ngày</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="17" />
      <source>today</source>
      <translation>hôm nay</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="18" />
      <source>yesterday</source>
      <translation>hôm qua</translation>
    </message>
  </context>
  <context>
    <name>QtTagBrowser</name>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="356" />
      <source>%1 elements, %2 matching</source>
      <translation>%1 phần tử, %2 khớp</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="267" />
      <source>Collapse all</source>
      <translation>Thu gọn tất cả</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="265" />
      <source>Copy</source>
      <translation>Sao chép</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="266" />
      <source>Expand all</source>
      <translation>Mở rộng tất cả</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="229" />
      <source>Search tag (0010,0010), keyword, name or value</source>
      <translation>Tìm thẻ (0010,0010), từ khóa, tên hoặc giá trị</translation>
    </message>
  </context>
  <context>
    <name>QtTagBrowserDialog</name>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="407" />
      <source>DICOM tags</source>
      <translation>Thẻ DICOM</translation>
    </message>
  </context>
  <context>
    <name>QtTransferFunctionEditor</name>
    <message>
      <location filename="viewer/qt_transfer_function.py" line="245" />
      <source>Colour at %1</source>
      <translation>Màu tại %1</translation>
    </message>
  </context>
  <context>
    <name>QtViewport</name>
    <message>
      <location filename="viewer/qt_viewport.py" line="96" />
      <source>Drop a series here</source>
      <translation>Thả một loạt ảnh vào đây</translation>
    </message>
    <message>
      <location filename="viewer/qt_viewport.py" line="401" />
      <source>Image %1 could not be decoded:
%2</source>
      <translation>Không giải mã được ảnh %1:
%2</translation>
    </message>
    <message>
      <location filename="viewer/qt_viewport.py" line="402" />
      <source>Loading image %1 ...</source>
      <translation>Đang tải ảnh %1 ...</translation>
    </message>
  </context>
  <context>
    <name>QtVolumeViewport</name>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="338" />
      <source>3D is not available</source>
      <translation>Không dùng được 3D</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="219" />
      <source>3D needs OpenGL: %1</source>
      <translation>3D cần OpenGL: %1</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="191" />
      <source>3D shows the series once it has loaded: %1 of %2 images</source>
      <translation>Ảnh 3D hiển thị khi loạt ảnh tải xong: %1 trên %2 ảnh</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="233" />
      <source>3D uses one voxel in %1 along each axis (%2 of %3): the full volume exceeds the %4 MB memory budget for 3D</source>
      <translation>Ảnh 3D chỉ lấy 1 trên %1 voxel theo mỗi trục (%2 trong %3): toàn bộ khối ảnh vượt quá giới hạn bộ nhớ %4 MB dành cho 3D</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="230" />
      <source>3D uses one voxel in %1 along each axis (%2 of %3): the full volume exceeds the %4 MB memory budget for 3D or the %5-voxel side of a 3D texture</source>
      <translation>Ảnh 3D chỉ lấy 1 trên %1 voxel theo mỗi trục (%2 trong %3): toàn bộ khối ảnh vượt quá giới hạn bộ nhớ %4 MB dành cho 3D hoặc cạnh %5 voxel của texture 3D</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="121" />
      <source>3D volume rendering needs a grey-scale series</source>
      <translation>Dựng hình thể tích 3D cần loạt ảnh thang xám</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="82" />
      <source>Anterior</source>
      <translation>Trước</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="288" />
      <source>Clip box</source>
      <translation>Hộp cắt</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="300" />
      <source>Cube</source>
      <translation>Khối định hướng</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="512" />
      <source>Export STL</source>
      <translation>Xuất STL</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="312" />
      <source>Export STL...</source>
      <translation>Xuất STL...</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="87" />
      <source>Inferior</source>
      <translation>Dưới</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="484" />
      <source>Iso-surface</source>
      <translation>Bề mặt đẳng trị</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="84" />
      <source>Left</source>
      <translation>Trái</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="83" />
      <source>Posterior</source>
      <translation>Sau</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="85" />
      <source>Right</source>
      <translation>Phải</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="505" />
      <source>STL written: %1</source>
      <translation>Đã ghi STL: %1</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="541" />
      <source>Save 3D snapshot</source>
      <translation>Lưu ảnh chụp 3D</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="289" />
      <source>Sculpt</source>
      <translation>Cắt gọt</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="285" />
      <source>Shading</source>
      <translation>Đổ bóng</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="315" />
      <source>Snapshot...</source>
      <translation>Chụp ảnh 3D...</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="86" />
      <source>Superior</source>
      <translation>Trên</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="303" />
      <source>Surface</source>
      <translation>Bề mặt</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="492" />
      <source>The iso-surface is empty: choose a level inside the data range</source>
      <translation>Bề mặt đẳng trị rỗng: hãy chọn mức nằm trong khoảng giá trị dữ liệu</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="314" />
      <source>Transfer function</source>
      <translation>Hàm truyền</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="510" />
      <source>Turn Surface on before exporting STL</source>
      <translation>Hãy bật Bề mặt trước khi xuất STL</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="290" />
      <source>Undo sculpting</source>
      <translation>Hoàn tác cắt gọt</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="293" />
      <source>View</source>
      <translation>Hướng nhìn</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="503" />
      <source>no iso-surface to export: turn Surface on first</source>
      <translation>không có bề mặt đẳng trị để xuất: hãy bật Bề mặt trước</translation>
    </message>
    <message>
      <location filename="viewer/qt_volume_viewport.py" line="578" />
      <source>no series in the active viewport to show in 3D</source>
      <translation>khung xem đang chọn không có loạt ảnh để hiển thị 3D</translation>
    </message>
  </context>
  <context>
    <name>QtWebLinkDialog</name>
    <message>
      <location filename="workstation/app/media/qt_web_link.py" line="33" />
      <source>Copy</source>
      <translation>Sao chép</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_web_link.py" line="33" />
      <source>Open</source>
      <translation>Mở</translation>
    </message>
    <message>
      <location filename="workstation/app/media/qt_web_link.py" line="26" />
      <source>Web link to the study</source>
      <translation>Liên kết web đến ca chụp</translation>
    </message>
  </context>
  <context>
    <name>ReportController</name>
    <message>
      <location filename="workstation/app/report_controller.py" line="539" />
      <source>%1 document(s) NOT stored by %2: %3 — they stay in the local store; use Report ▸ Send again to retry</source>
      <translation>%2 KHÔNG lưu %1 tài liệu: %3 — chúng vẫn nằm trong kho ảnh trên máy; dùng Kết quả ▸ Gửi để thử lại</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="543" />
      <source>%1 document(s) stored by %2</source>
      <translation>%2 đã lưu %1 tài liệu</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="482" />
      <source>%1 key image(s) exported to %2</source>
      <translation>Đã xuất %1 ảnh chính vào %2</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="375" />
      <source>%1 key image(s) saved as a Key Object Selection; send them with Report ▸ Send</source>
      <translation>Đã lưu %1 ảnh chính dạng Key Object Selection; gửi bằng Kết quả ▸ Gửi</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="396" />
      <source>%1 left out: %2</source>
      <translation>Bỏ qua %1: %2</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="285" />
      <source>%1, image %2</source>
      <translation>%1, ảnh %2</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="408" />
      <source>Cannot sign: %1 (fill in Author and Institution)</source>
      <translation>Không ký được: %1 (hãy điền Bác sĩ đọc và Cơ sở y tế)</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="292" />
      <source>Image %1 is not in this study's open series</source>
      <translation>Ảnh %1 không thuộc các loạt ảnh đang mở của ca chụp này</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="361" />
      <source>Key image marked (%1 in this study)</source>
      <translation>Đã đánh dấu ảnh chính (%1 ảnh trong ca chụp này)</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="362" />
      <source>Key image unmarked (%1 in this study)</source>
      <translation>Đã bỏ đánh dấu ảnh chính (còn %1 ảnh trong ca chụp này)</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="335" />
      <source>Key images</source>
      <translation>Ảnh chính</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="393" />
      <source>Measurement report saved (%1 measurement(s))</source>
      <translation>Đã lưu báo cáo phép đo (%1 phép đo)</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="335" />
      <source>Measurements</source>
      <translation>Phép đo</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="477" />
      <source>No key image marked in this study</source>
      <translation>Ca chụp này chưa có ảnh chính nào được đánh dấu</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="382" />
      <source>No measurement in this study</source>
      <translation>Ca chụp này chưa có phép đo nào</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="513" />
      <source>Not sent: %1</source>
      <translation>Chưa gửi: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="507" />
      <source>Nothing to send: every document of this study is on the PACS</source>
      <translation>Không có gì để gửi: mọi tài liệu của ca chụp này đã có trên PACS</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="358" />
      <source>Only an acquired image can be a key image</source>
      <translation>Chỉ ảnh gốc mới có thể là ảnh chính</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="433" />
      <source>PDF: %1</source>
      <translation>PDF: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="132" />
      <source>Report</source>
      <translation>Kết quả</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="420" />
      <source>Report signed and saved in the local store</source>
      <translation>Đã ký kết quả và lưu vào kho ảnh trên máy</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="329" />
      <source>Report version %1</source>
      <translation>Kết quả phiên bản %1</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="519" />
      <source>Send reports of %1 to %2</source>
      <translation>Gửi kết quả của %1 đến %2</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="525" />
      <source>Sending %1 document(s) to %2 ...</source>
      <translation>Đang gửi %1 tài liệu đến %2 ...</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="134" />
      <source>Structured reports</source>
      <translation>Báo cáo có cấu trúc</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="257" />
      <source>The report draft could not be saved: %1</source>
      <translation>Không lưu được bản nháp kết quả: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="170" />
      <source>The unsaved report draft of this study was restored</source>
      <translation>Đã khôi phục bản nháp kết quả chưa lưu của ca chụp này</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="331" />
      <source>another report</source>
      <translation>kết quả khác</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="331" />
      <source>latest</source>
      <translation>mới nhất</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="493" />
      <source>no PACS is configured (add a DICOM node first)</source>
      <translation>chưa cấu hình PACS (hãy thêm một nút DICOM trước)</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="307" />
      <source>no image of the study is open to take the patient and study from</source>
      <translation>chưa mở ảnh nào của ca chụp để lấy thông tin bệnh nhân và ca chụp</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="436" />
      <source>the PDF could not be written: %1</source>
      <translation>không ghi được PDF: %1</translation>
    </message>
    <message>
      <location filename="workstation/app/report_controller.py" line="315" />
      <source>the local store refused the document: %1</source>
      <translation>kho ảnh trên máy từ chối tài liệu: %1</translation>
    </message>
  </context>
  <context>
    <name>RotatingMipDisplay</name>
    <message>
      <location filename="viewer/qt_projection.py" line="61" />
      <source>No MIP of colour images</source>
      <translation>Không tạo MIP cho ảnh màu</translation>
    </message>
    <message>
      <location filename="viewer/qt_projection.py" line="71" />
      <source>Rotating MIP</source>
      <translation>MIP xoay</translation>
    </message>
    <message>
      <location filename="viewer/qt_projection.py" line="52" />
      <source>Rotating MIP: computed once the series has loaded</source>
      <translation>MIP xoay: được tính sau khi loạt ảnh tải xong</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <location filename="workstation/app/settings_dialog.py" line="36" />
      <source> days</source>
      <translation> ngày</translation>
    </message>
    <message>
      <location filename="workstation/app/settings_dialog.py" line="46" />
      <source>Cine speed</source>
      <translation>Tốc độ cine</translation>
    </message>
    <message>
      <location filename="workstation/app/settings_dialog.py" line="42" />
      <source>Date format</source>
      <translation>Định dạng ngày</translation>
    </message>
    <message>
      <location filename="workstation/app/settings_dialog.py" line="47" />
      <source>Keep local images</source>
      <translation>Giữ ảnh trên máy</translation>
    </message>
    <message>
      <location filename="workstation/app/settings_dialog.py" line="41" />
      <source>Language (after restart)</source>
      <translation>Ngôn ngữ (sau khi khởi động lại)</translation>
    </message>
    <message>
      <location filename="workstation/app/settings_dialog.py" line="48" />
      <source>Prior studies to prefetch</source>
      <translation>Số ca chụp cũ tải trước</translation>
    </message>
    <message>
      <location filename="workstation/app/settings_dialog.py" line="32" />
      <source>Reference lines</source>
      <translation>Đường tham chiếu</translation>
    </message>
    <message>
      <location filename="workstation/app/settings_dialog.py" line="19" />
      <source>Settings</source>
      <translation>Cài đặt</translation>
    </message>
    <message>
      <location filename="workstation/app/settings_dialog.py" line="28" />
      <source>Smooth (bilinear) interpolation</source>
      <translation>Nội suy làm mịn (song tuyến tính)</translation>
    </message>
    <message>
      <location filename="workstation/app/settings_dialog.py" line="37" />
      <source>Studies older than this are offered for purging; only studies confirmed on the PACS and not locked are ever deleted.</source>
      <translation>Các ca chụp cũ hơn mức này sẽ được đề nghị xóa; chỉ xóa những ca đã xác nhận có trên PACS và không bị khóa.</translation>
    </message>
    <message>
      <location filename="workstation/app/settings_dialog.py" line="30" />
      <source>Synchronise scrolling</source>
      <translation>Đồng bộ cuộn ảnh</translation>
    </message>
  </context>
  <context>
    <name>ShortcutsDialog</name>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="18" />
      <source>3D cursor: show this point in every linked viewport</source>
      <translation>Con trỏ 3D: hiện điểm này trong mọi khung xem liên kết</translation>
    </message>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="21" />
      <source>Command</source>
      <translation>Lệnh</translation>
    </message>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="19" />
      <source>Double-click</source>
      <translation>Nhấp đúp</translation>
    </message>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="12" />
      <source>Keyboard shortcuts</source>
      <translation>Phím tắt</translation>
    </message>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="19" />
      <source>Maximise / restore a viewport</source>
      <translation>Phóng to / khôi phục một khung xem</translation>
    </message>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="17" />
      <source>Middle-drag</source>
      <translation>Kéo chuột giữa</translation>
    </message>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="15" />
      <source>Mouse wheel</source>
      <translation>Con lăn chuột</translation>
    </message>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="17" />
      <source>Pan</source>
      <translation>Di chuyển ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="16" />
      <source>Right-drag</source>
      <translation>Kéo chuột phải</translation>
    </message>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="15" />
      <source>Scroll images / zoom (with Ctrl)</source>
      <translation>Cuộn ảnh / phóng to (giữ Ctrl)</translation>
    </message>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="18" />
      <source>Shift+click</source>
      <translation>Shift+nhấp</translation>
    </message>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="21" />
      <source>Shortcut</source>
      <translation>Phím tắt</translation>
    </message>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="14" />
      <source>Window preset 1-9 of the modality</source>
      <translation>Cửa sổ đặt sẵn 1-9 của thiết bị</translation>
    </message>
    <message>
      <location filename="workstation/app/shortcuts_dialog.py" line="16" />
      <source>Window/level</source>
      <translation>Cửa sổ/Mức</translation>
    </message>
  </context>
  <context>
    <name>Startup</name>
    <message>
      <location filename="workstation/app/gui.py" line="61" />
      <source>The local archive cannot be opened:
%1

No image file was changed. Restore the index file from a backup, or move it aside: the program then starts with an empty archive, and importing the folder %2 indexes the images again. The log file in %3 has the details.</source>
      <translation>Không mở được kho ảnh cục bộ:
%1

Không có tệp ảnh nào bị thay đổi. Hãy khôi phục tệp chỉ mục từ bản sao lưu, hoặc chuyển nó sang chỗ khác: chương trình sẽ khởi động với kho trống, và nhập lại thư mục %2 sẽ lập chỉ mục lại các ảnh. Chi tiết có trong tệp nhật ký ở %3.</translation>
    </message>
    <message>
      <location filename="workstation/app/gui.py" line="60" />
      <source>Workstation cannot start</source>
      <translation>Không khởi động được Workstation</translation>
    </message>
  </context>
  <context>
    <name>StudyTableModel</name>
    <message>
      <location filename="workstation/app/study_browser.py" line="46" />
      <source>Accession</source>
      <translation>Mã chỉ định</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="41" />
      <source>Birth date</source>
      <translation>Ngày sinh</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="45" />
      <source>Description</source>
      <translation>Mô tả</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="48" />
      <source>Images</source>
      <translation>Số ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="44" />
      <source>Modality</source>
      <translation>Thiết bị</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="40" />
      <source>Patient ID</source>
      <translation>Mã bệnh nhân</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="39" />
      <source>Patient name</source>
      <translation>Họ tên</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="47" />
      <source>Series</source>
      <translation>Số loạt</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="42" />
      <source>Sex</source>
      <translation>Giới tính</translation>
    </message>
    <message>
      <location filename="workstation/app/study_browser.py" line="43" />
      <source>Study date</source>
      <translation>Ngày chụp</translation>
    </message>
  </context>
  <context>
    <name>TagTreeModel</name>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="176" />
      <source>%1 bytes</source>
      <translation>%1 byte</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="154" />
      <source>%n element(s)</source>
      <translation>%n phần tử</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="172" />
      <source>%n item(s)</source>
      <translation>%n mục</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="163" />
      <source>(unknown element)</source>
      <translation>(phần tử không xác định)</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="185" />
      <source>&lt;%1, %2 bytes&gt;</source>
      <translation>&lt;%1, %2 byte&gt;</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="183" />
      <source>&lt;%1, encapsulated&gt;</source>
      <translation>&lt;%1, dạng đóng gói&gt;</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="181" />
      <source>&lt;cannot decode: %1&gt;</source>
      <translation>&lt;không giải mã được: %1&gt;</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="153" />
      <source>Item %1</source>
      <translation>Mục %1</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="64" />
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="64" />
      <source>Tag</source>
      <translation>Thẻ</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="64" />
      <source>VM / Length</source>
      <translation>VM / Độ dài</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="64" />
      <source>VR</source>
      <translation>VR</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="65" />
      <source>Value</source>
      <translation>Giá trị</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="196" />
      <source>Warning: %1</source>
      <translation>Cảnh báo: %1</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="167" />
      <source>[no private creator] private</source>
      <translation>[không có private creator] riêng</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="168" />
      <source>private</source>
      <translation>riêng</translation>
    </message>
    <message>
      <location filename="viewer/qt_tag_browser.py" line="174" />
      <source>undefined length</source>
      <translation>độ dài không xác định</translation>
    </message>
  </context>
  <context>
    <name>VolumeController</name>
    <message>
      <location filename="workstation/app/volume_controller.py" line="97" />
      <source>3D: drag to turn, right-drag or wheel to zoom, middle-drag to pan</source>
      <translation>3D: kéo chuột trái để xoay, kéo chuột phải hoặc lăn chuột để phóng to, kéo chuột giữa để di chuyển</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="167" />
      <source>Curved MPR</source>
      <translation>MPR cong</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="147" />
      <source>Draw a polyline along the structure (Polyline length tool) and select it first</source>
      <translation>Hãy vẽ một đường gấp khúc dọc theo cấu trúc (công cụ Độ dài đường gấp khúc) và chọn nó trước</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="114" />
      <source>Fusion</source>
      <translation>Hợp nhất ảnh</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="130" />
      <source>Fusion overlay opacity %1%</source>
      <translation>Độ đậm lớp phủ hợp nhất %1%</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="90" />
      <source>Preparing 3D...</source>
      <translation>Đang chuẩn bị ảnh 3D...</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="42" />
      <source>Show a series in the active viewport first</source>
      <translation>Hãy hiển thị một loạt ảnh trong khung xem đang chọn trước</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="128" />
      <source>The active viewport shows no fused image</source>
      <translation>Khung xem đang chọn không có ảnh hợp nhất</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="153" />
      <source>Wait until the series has loaded</source>
      <translation>Hãy đợi đến khi loạt ảnh tải xong</translation>
    </message>
    <message>
      <location filename="workstation/app/volume_controller.py" line="159" />
      <source>the polyline is on an image without patient coordinates</source>
      <translation>đường gấp khúc nằm trên ảnh không có tọa độ bệnh nhân</translation>
    </message>
  </context>
  <context>
    <name>WindowPresets</name>
    <message>
      <location filename="viewer/qt_display_names.py" line="33" />
      <source>Abdomen</source>
      <translation>Ổ bụng</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="35" />
      <source>Bone</source>
      <translation>Xương</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="28" />
      <source>Brain</source>
      <translation>Não</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="34" />
      <source>Liver</source>
      <translation>Gan</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="31" />
      <source>Lung</source>
      <translation>Phổi</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="32" />
      <source>Mediastinum</source>
      <translation>Trung thất</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="37" />
      <source>SUV 0-10</source>
      <translation>SUV 0-10</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="36" />
      <source>SUV 0-5</source>
      <translation>SUV 0-5</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="30" />
      <source>Stroke</source>
      <translation>Đột quỵ</translation>
    </message>
    <message>
      <location filename="viewer/qt_display_names.py" line="29" />
      <source>Subdural</source>
      <translation>Dưới màng cứng</translation>
    </message>
  </context>
</TS>
